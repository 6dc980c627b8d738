"""Helpers for the triage unit tests: `decide` on invented reports, labelled-set scores."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from schemas.reports import ReportContent
from schemas.triage import TriageDecision
from services.triage.domain.engine import TriageEngine
from services.triage.evaluation.labelled_set import evaluate, read_labelled_file

# DOMAIN.md targets for a labelled set, per field.
TARGETS = {"category": 0.90, "subject_type": 0.95, "region_code": 0.95, "routes": 0.85}

RECEIVED = datetime(2024, 11, 1, 9, 0, tzinfo=UTC)


def decide(engine: TriageEngine, text: str, **fields: object) -> TriageDecision:
    content = ReportContent.model_validate({"channel": "web", "text": text, **fields})
    return engine.decide(content, RECEIVED)


def labelled_set_accuracy(path: Path, engine: TriageEngine) -> tuple[int, dict[str, float]]:
    """Run a labelled JSON-lines set through the engine: (reports, accuracy per field)."""
    report = evaluate(engine, read_labelled_file(path), received_at=RECEIVED)
    return report.total, report.accuracy()


def below_target(accuracy: dict[str, float]) -> dict[str, float]:
    """The fields that miss their target (empty when the set meets them all)."""
    return {k: accuracy[k] for k, target in TARGETS.items() if accuracy[k] < target}
