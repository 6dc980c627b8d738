from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from services.common.settings import ServiceSettings


class CasesSettings(ServiceSettings):
    service_name: str = "cases"
    cases_port: int = 8001
    outbox_poll_interval_s: float = Field(default=1.0, gt=0)
    default_election_type: Literal["pemilu", "pilkada"] = "pilkada"
    netra_pii_keys: str | None = None
    pii_dev_key_file: Path = Path("var/secrets/pii-keys")
