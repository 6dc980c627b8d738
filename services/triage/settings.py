from __future__ import annotations

from pathlib import Path

from pydantic import Field

from services.common.settings import ServiceSettings
from services.triage.adapters.data_files import PACKAGED_RULES_FILE
from services.triage.domain.engine import DEFAULT_THRESHOLD


class TriageSettings(ServiceSettings):
    service_name: str = "triage"
    triage_port: int = 8003
    # The routing rules in force; a replacement file takes over entirely, no merging.
    triage_rules_file: Path = PACKAGED_RULES_FILE
    triage_review_threshold: float = Field(default=DEFAULT_THRESHOLD, ge=0.0, le=1.0)
