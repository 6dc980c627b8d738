"""Settings every service shares; each service subclasses with its own fields.

Only these classes read the environment: services receive one validated instance.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.common.failures import RetryPolicy

Environment = Literal["development", "test", "production"]


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    netra_env: Environment = "development"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    mongodb_url: str = "mongodb://127.0.0.1:27017/"
    mongodb_database: str = "netra"
    http_host: str = "127.0.0.1"
    log_level: str = "INFO"
    otel_exporter_otlp_endpoint: str | None = None
    # Consumers (services/common/failures.py): a handler error that is neither poison nor a
    # dependency outage is tried this many times with the message alone, then dead-lettered;
    # every retry waits base * 2^(n-1), capped, half of it jitter.
    consumer_max_attempts: int = Field(default=3, ge=1, le=100)
    consumer_retry_backoff_s: float = Field(default=1.0, ge=0.0)
    consumer_retry_backoff_max_s: float = Field(default=30.0, ge=0.0)
    # Repeated log lines, per cause: this many per window pass, then one summary line.
    log_repeats_per_window: int = Field(default=20, ge=1)
    log_repeat_window_s: float = Field(default=10.0, gt=0)

    @property
    def consumer_retry(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=self.consumer_max_attempts,
            backoff_base_s=self.consumer_retry_backoff_s,
            backoff_max_s=max(self.consumer_retry_backoff_s, self.consumer_retry_backoff_max_s),
        )

    @property
    def is_development(self) -> bool:
        return self.netra_env != "production"
