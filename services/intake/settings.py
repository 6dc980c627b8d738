from __future__ import annotations

from pathlib import Path
from typing import Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from services.common.settings import ServiceSettings

MIB = 1024 * 1024


class IntakeSettings(ServiceSettings):
    intake_port: int = 8000
    # Where the cases service listens (CASES_PORT, as deploy/local/stack.py passes it):
    # the default status URL follows it, so moving cases' port never breaks receipts.
    cases_port: int = Field(default=8001, gt=0, lt=65536)
    publish_timeout_s: float = Field(default=5.0, gt=0)
    # After a failed publish, how often to ask whether Kafka is back (adapters/kafka_publisher.py).
    broker_probe_interval_s: float = Field(default=1.0, gt=0)
    spool_dir: Path = Path("var/spool/intake")
    spool_drain_interval_s: float = Field(default=2.0, gt=0)
    # A full spool refuses reports (503 + Retry-After) rather than filling the disk.
    spool_max_reports: int = Field(default=50_000, ge=1)
    spool_max_bytes: int = Field(default=512 * MIB, ge=1)
    retry_after_s: int = Field(default=30, ge=1)
    # Per-client token buckets (services/common/rate_limit.py): filing (API and form)
    # and status lookups. Generous: many reporters share one address behind mobile NAT.
    filing_rate_per_s: float = Field(default=1.0, gt=0)
    filing_burst: int = Field(default=60, ge=1)
    lookup_rate_per_s: float = Field(default=2.0, gt=0)
    lookup_burst: int = Field(default=120, ge=1)
    # The public status URL printed on every receipt, and where intake asks cases;
    # empty: http://127.0.0.1:<CASES_PORT>. Production must set it explicitly.
    status_base_url: str = Field(default="", validate_default=True)
    status_timeout_s: float = Field(default=5.0, gt=0)
    # SMS and WhatsApp (issue 12, docs/gateway-protocol.md): the gateway notify also uses,
    # the same variables. Replies go to GATEWAY_BASE_URL; inbound calls are verified
    # with GATEWAY_CALLBACK_SECRET.
    gateway_base_url: str = Field(default="http://127.0.0.1:8004", pattern=r"^https?://")
    gateway_token: str | None = None
    gateway_token_dev_file: Path = Path("var/secrets/gateway-token")
    gateway_callback_secret: str | None = None
    gateway_callback_secret_dev_file: Path = Path("var/secrets/gateway-callback-secret")
    gateway_timeout_s: float = Field(default=10.0, gt=0, le=120)
    sms_max_segments: int = Field(default=3, ge=1, le=10)
    # Messages from one sender join one report until it is quiet this long (or this long
    # after its first message); parts wait, sealed, in this directory.
    inbound_join_quiet_s: float = Field(default=90.0, gt=0)
    inbound_join_max_s: float = Field(default=300.0, gt=0)
    inbound_check_interval_s: float = Field(default=5.0, gt=0)
    inbound_parts_dir: Path = Path("var/spool/intake-inbound")
    # Per sender: a burst of messages (a long report typed in several), then a trickle.
    inbound_rate_per_s: float = Field(default=0.1, gt=0)
    inbound_burst: int = Field(default=20, ge=1)

    # Evidence files (services/common/evidence_files.py): the directory cases reads too.
    # A cheap phone's photo is 1-4 MB, a short video clip ~10 MB. The body of an upload
    # is buffered whole (services/common/limits.py): 5 x 10 MiB bounds it at ~50 MiB.
    evidence_dir: Path = Path("var/evidence")
    evidence_max_files: int = Field(default=5, ge=0, le=20)
    evidence_max_file_bytes: int = Field(default=10 * MIB, ge=1)
    # The hotline desk (issue 12) lives in the cases service and files through
    # POST /v1/hotline/reports with this token; cases reads the same variable.
    hotline_desk_token: str | None = None
    hotline_desk_token_dev_file: Path = Path("var/secrets/hotline-desk-token")
    netra_pii_keys: str | None = None
    # Who may file as a feed: `source:token[,source:token...]` (domain/feed_identity.py).
    # Unset: POST /v1/feeds/reports answers 401 to everyone.
    feed_tokens: str | None = None
    pii_dev_key_file: Path = Path("var/secrets/pii-keys")

    def upload_body_bytes(self) -> int:
        """The request bound on the upload routes: every file at its limit, plus the form."""
        return self.max_body_bytes + self.evidence_max_files * (self.evidence_max_file_bytes + 4096)

    @field_validator("status_base_url")
    @classmethod
    def _follow_cases_port(cls, value: str, info: ValidationInfo) -> str:
        if value:
            return value.rstrip("/")
        cases_port = info.data.get("cases_port")
        if cases_port is None:
            raise ValueError("no STATUS_BASE_URL and no valid CASES_PORT to derive it from")
        return f"http://127.0.0.1:{cases_port}"

    @model_validator(mode="after")
    def _production_names_its_public_status_url(self) -> Self:
        if not self.is_development and "status_base_url" not in self.model_fields_set:
            raise ValueError(
                "NETRA_ENV=production needs STATUS_BASE_URL: the public address of the "
                "cases service's status page, printed on every receipt"
            )
        return self
