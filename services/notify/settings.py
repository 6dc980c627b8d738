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
    # The reporter key (as intake and cases): opens a reporter's contact to send updates;
    # reporters' deliveries are sealed with it in the delivery log.
    netra_pii_keys: str | None = None
    pii_dev_key_file: Path = Path("var/secrets/pii-keys")
    # Where the directory's `{sink}` webhooks go; empty: this process's own development
    # sink at http://127.0.0.1:<NOTIFY_PORT>/dev/hooks, so moving the port moves it too.
    notify_sink_base_url: str = Field(default="", validate_default=True)
    webhook_timeout_s: float = Field(default=5.0, gt=0)
    # A consumer batch of case events: at most this many, gathered for at most this long
    # (the broker holds each fetch that long for a batch to fill: services/common/kafka.py).
    notify_batch_max_records: int = Field(default=200, ge=1, le=5_000)
    notify_batch_max_wait_ms: int = Field(default=200, ge=1, le=10_000)
    # With nothing to do, the subscriber fetches this often instead, answered at the first
    # case event (services/common/fetch_pacing.py): 2 idle fetches/s rather than 5.
    notify_idle_fetch_wait_ms: int = Field(default=500, ge=1, le=10_000)
    # The case-event consumer group; only a test that runs its own notify beside others on
    # one broker changes it (deploy/k8s_topics.py names the default for KEDA).
    notify_consumer_group: str = Field(default="netra-notify", min_length=1)
    # The delivery worker pool (service_layer/delivering.py): attempts in flight at once,
    # and as many kept-alive HTTP connections (adapters/http_pool.py) ...
    notify_send_concurrency: int = Field(default=64, ge=1, le=1_000)
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
    # The outbound channels of issue 11 (adapters/email.py, signed_webhook.py, gateway.py).
    # Per-recipient webhook secrets: the file <dir>/<secret_ref> (made in development).
    notify_webhook_secrets_dir: Path = Path("var/secrets/webhooks")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=8025, gt=0, lt=65536)  # `make run`'s mail sink
    smtp_from: str = Field(default="notifikasi@netra.localhost", pattern=r"^[^@\s]+@[^@\s]+$")
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout_s: float = Field(default=10.0, gt=0, le=120)
    # Emails sent over one SMTP session before it is ended and a new one opened (sessions
    # are kept open between emails: adapters/smtp_sessions.py); 1: a connection per email.
    smtp_messages_per_connection: int = Field(default=50, ge=1, le=10_000)
    # The SMS/WhatsApp gateway (docs/gateway-protocol.md); `make run`'s simulator by default.
    gateway_base_url: str = Field(default="http://127.0.0.1:8004", pattern=r"^https?://")
    gateway_token: str | None = None
    gateway_token_dev_file: Path = Path("var/secrets/gateway-token")
    gateway_callback_secret: str | None = None
    gateway_callback_secret_dev_file: Path = Path("var/secrets/gateway-callback-secret")
    gateway_timeout_s: float = Field(default=10.0, gt=0, le=120)
    # A long SMS is cut (with an ellipsis) to this many segments: each one is billed.
    sms_max_segments: int = Field(default=3, ge=1, le=10)
    # Gateway message ids remembered to match delivery receipts (receipts come in minutes).
    notify_remembered_gateway_messages: int = Field(default=50_000, ge=100)

    @model_validator(mode="after")
    def _smtp_login_is_both_or_neither(self) -> Self:
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError("SMTP_USERNAME and SMTP_PASSWORD go together: set both or neither")
        return self

    @field_validator("notify_sink_base_url")
    @classmethod
    def _follow_notify_port(cls, value: str, info: ValidationInfo) -> str:
        if value:
            return value.rstrip("/")
        port = info.data.get("notify_port")
        if port is None:
            raise ValueError("no NOTIFY_SINK_BASE_URL and no valid NOTIFY_PORT to derive it from")
        return f"http://127.0.0.1:{port}/dev/hooks"

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
