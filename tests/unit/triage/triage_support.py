"""Helpers for the triage unit tests: a fake gazetteer at the edge and `decide`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from schemas.reports import ReportContent
from schemas.triage import Evidence, TriageDecision
from services.triage.domain.engine import TriageEngine

RECEIVED = datetime(2024, 11, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class FakeRegion:
    code: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.9
    ambiguous: bool = False


class FakeGazetteer:
    """Answers the region given in the report's structured field, nothing else."""

    def resolve(self, content: ReportContent) -> FakeRegion:
        return FakeRegion(content.region_code)


def decide(engine: TriageEngine, text: str, **fields: object) -> TriageDecision:
    content = ReportContent.model_validate({"channel": "web", "text": text, **fields})
    return engine.decide(content, RECEIVED)
