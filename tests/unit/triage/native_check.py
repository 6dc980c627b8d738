"""What the native-build test compares: decisions on a labelled set, as JSON lines."""

from __future__ import annotations

from pathlib import Path

from schemas.routing.files import PACKAGED_RULES_FILE
from services.triage.domain.engine import DEFAULT_THRESHOLD
from services.triage.entrypoints.cli import packaged_engine
from services.triage.evaluation.labelled_set import read_labelled_file
from tests.unit.triage.triage_support import RECEIVED


def decisions_on(path: Path) -> list[str]:
    """Each report as labelled and with a place and a day appended (other code paths)."""
    engine = packaged_engine(PACKAGED_RULES_FILE, DEFAULT_THRESHOLD)
    out = []
    for item in read_labelled_file(path):
        variant = item.content.model_copy(update={"text": f"{item.content.text} di Kota Bogor"})
        for content in (item.content, variant):
            out.append(engine.decide(content, RECEIVED).model_dump_json())
    return out
