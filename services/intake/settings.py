from __future__ import annotations

from pathlib import Path

from pydantic import Field

from services.common.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    service_name: str = "intake"
    intake_port: int = 8000
    max_body_bytes: int = Field(default=64 * 1024, gt=0)
    publish_timeout_s: float = Field(default=5.0, gt=0)
    spool_dir: Path = Path("var/spool/intake")
    spool_drain_interval_s: float = Field(default=2.0, gt=0)
    status_base_url: str = "http://127.0.0.1:8001"
    status_timeout_s: float = Field(default=5.0, gt=0)
    netra_pii_keys: str | None = None
    pii_dev_key_file: Path = Path("var/secrets/pii-keys")
