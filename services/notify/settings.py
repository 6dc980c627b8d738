from __future__ import annotations

from pathlib import Path
from typing import Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from services.common.settings import ServiceSettings
from services.notify.adapters.directory_file import PACKAGED_DIRECTORY


class NotifySettings(ServiceSettings):
    notify_port: int = Field(default=8002, gt=0, lt=65536)
    notify_directory_file: Path = PACKAGED_DIRECTORY
    # Where the directory's `{sink}` webhooks go; empty: this process's own development
    # sink at http://127.0.0.1:<NOTIFY_PORT>/dev/sink, so moving the port moves it too.
    notify_sink_base_url: str = Field(default="", validate_default=True)
    netra_webhook_secret: str | None = None
    webhook_dev_secret_file: Path = Path("var/secrets/webhook-secret")
    webhook_timeout_s: float = Field(default=5.0, gt=0)
    # A consumer batch of case events: at most this many, gathered for at most this long
    # (the broker holds each fetch that long for a batch to fill: services/common/kafka.py).
    notify_batch_max_records: int = Field(default=200, ge=1, le=5_000)
    notify_batch_max_wait_ms: int = Field(default=50, ge=1, le=10_000)
    # The delivery worker pool (service_layer/delivering.py): attempts in flight at once,
    # and as many kept-alive webhook connections (adapters/webhook.py) ...
    notify_send_concurrency: int = Field(default=16, ge=1, le=1_000)
    # ... at most this many per endpoint (webhook origin, SMTP relay, gateway), so a slow
    # endpoint only ever holds its own share of the pool ...
    notify_endpoint_concurrency: int = Field(default=4, ge=1, le=1_000)
    # ... and an attempt without an answer by then has failed (retryable).
    notify_attempt_timeout_s: float = Field(default=30.0, gt=0)
    # Back-off between attempts: from the first delay, doubling, at most the max delay
    # (each with jitter); a delivery still failing after give-up is dead.
    notify_retry_first_delay_s: float = Field(default=5.0, gt=0)
    notify_retry_max_delay_s: float = Field(default=4 * 3600.0, gt=0)
    notify_give_up_after_s: float = Field(default=24 * 3600.0, gt=0)
    # Circuit breaker per endpoint: this many failed attempts in a row leave it alone
    # for that long, then one trial attempt.
    notify_circuit_failures: int = Field(default=5, ge=1)
    notify_circuit_open_s: float = Field(default=30.0, gt=0)
    # The ops API (/admin/deliveries, `netra deliveries`): a bearer token; in development
    # a per-machine random file made on first use.
    notify_admin_token: str | None = None
    notify_admin_dev_token_file: Path = Path("var/secrets/notify-admin-token")
    # Reporters' deliveries are sealed in the delivery log with the PII keyring (cases').
    netra_pii_keys: str | None = None
    pii_dev_key_file: Path = Path("var/secrets/pii-keys")

    @field_validator("notify_sink_base_url")
    @classmethod
    def _follow_notify_port(cls, value: str, info: ValidationInfo) -> str:
        if value:
            return value.rstrip("/")
        port = info.data.get("notify_port")
        if port is None:
            raise ValueError("no NOTIFY_SINK_BASE_URL and no valid NOTIFY_PORT to derive it from")
        return f"http://127.0.0.1:{port}/dev/sink"

    @model_validator(mode="after")
    def _production_names_where_the_packaged_directory_delivers(self) -> Self:
        """The packaged directory sends every webhook to `{sink}`; in production there is no
        development sink to default to, so every delivery would fail: refuse to start."""
        packaged = self.notify_directory_file == PACKAGED_DIRECTORY
        if (
            not self.is_development
            and packaged
            and "notify_sink_base_url" not in self.model_fields_set
        ):
            raise ValueError(
                "NETRA_ENV=production with the packaged directory needs NOTIFY_SINK_BASE_URL "
                "(where its {sink} webhooks go), or NOTIFY_DIRECTORY_FILE with real endpoints"
            )
        return self
