from __future__ import annotations

from pathlib import Path

from pydantic import Field

from services.common.settings import ServiceSettings
from services.notify.adapters.directory_file import PACKAGED_DIRECTORY


class NotifySettings(ServiceSettings):
    notify_port: int = 8002
    notify_directory_file: Path = PACKAGED_DIRECTORY
    notify_sink_base_url: str = "http://127.0.0.1:8002/dev/sink"
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
