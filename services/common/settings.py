"""Settings every service shares; each service subclasses with its own fields.

Only these classes read the environment: services receive one validated instance.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    consumer_retry_backoff_s: float = Field(default=1.0, ge=0.0)
    # How long the producer may hold an event to send it with others: fewer, larger
    # produce requests (the broker's CPU is per request) for at most this much latency.
    kafka_linger_ms: int = Field(default=5, ge=0, le=1_000)
    # Repeated log lines, per cause: this many per window pass, then one summary line.
    log_repeats_per_window: int = Field(default=20, ge=1)
    log_repeat_window_s: float = Field(default=10.0, gt=0)

    @property
    def is_development(self) -> bool:
        return self.netra_env != "production"
