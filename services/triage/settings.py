from __future__ import annotations

from pathlib import Path

from pydantic import Field

from schemas.routing.files import PACKAGED_RULES_FILE
from services.common.settings import ServiceSettings
from services.triage.domain.engine import DEFAULT_THRESHOLD


class TriageSettings(ServiceSettings):
    triage_port: int = 8003
    # The routing rules in force; a replacement file takes over entirely, no merging.
    triage_rules_file: Path = PACKAGED_RULES_FILE
    triage_review_threshold: float = Field(default=DEFAULT_THRESHOLD, ge=0.0, le=1.0)
    # A consumer batch: at most this many reports, gathered for at most this long (the
    # broker holds each fetch that long for a batch to fill: services/common/kafka.py).
    triage_batch_max_records: int = Field(default=200, ge=1, le=5_000)
    triage_batch_max_wait_ms: int = Field(default=200, ge=1, le=10_000)
    # With nothing to do, the subscriber fetches this often instead, answered at the first
    # report (services/common/fetch_pacing.py): 2 idle fetches/s rather than 5.
    triage_idle_fetch_wait_ms: int = Field(default=500, ge=1, le=10_000)
