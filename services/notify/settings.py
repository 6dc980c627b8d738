from __future__ import annotations

from pathlib import Path
from typing import Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from services.common.settings import ServiceSettings
from services.notify.adapters.directory_file import PACKAGED_DIRECTORY
from services.notify.adapters.matrix_file import PACKAGED_MATRIX


class NotifySettings(ServiceSettings):
    notify_port: int = Field(default=8002, gt=0, lt=65536)
    notify_directory_file: Path = PACKAGED_DIRECTORY
    notify_matrix_file: Path = PACKAGED_MATRIX  # who is told of what (docs/notifications.md)
    # The reporter key (as intake and cases): opens a reporter's contact to send updates.
    netra_pii_keys: str | None = None
    pii_dev_key_file: Path = Path("var/secrets/pii-keys")
    # Where the directory's `{sink}` webhooks go; empty: this process's own development
    # sink at http://127.0.0.1:<NOTIFY_PORT>/dev/sink, so moving the port moves it too.
    notify_sink_base_url: str = Field(default="", validate_default=True)
    netra_webhook_secret: str | None = None
    webhook_dev_secret_file: Path = Path("var/secrets/webhook-secret")
    webhook_timeout_s: float = Field(default=5.0, gt=0)
    webhook_max_attempts: int = Field(default=5, ge=1, le=20)
    webhook_backoff_base_s: float = Field(default=0.5, ge=0)
    # A consumer batch of case events: at most this many, gathered for at most this long
    # (the broker holds each fetch that long for a batch to fill: services/common/kafka.py).
    notify_batch_max_records: int = Field(default=200, ge=1, le=5_000)
    notify_batch_max_wait_ms: int = Field(default=50, ge=1, le=10_000)
    # Webhooks of one batch in flight at once (each may retry up to webhook_max_attempts),
    # and as many kept-alive connections (adapters/webhook.py): 8 keeps slow remote
    # endpoints from serialising a batch.
    notify_send_concurrency: int = Field(default=8, ge=1, le=1_000)
    # Delivery log entries this process keeps in memory, to answer redeliveries unread.
    notify_remembered_deliveries: int = Field(default=20_000, ge=0)

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
