"""The shared, labelled dev set (../shared/triage-eval/dev.jsonl) through the real engine.

The same engine `netra triage eval` builds: packaged lexicons, rules and gazetteer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.routing.files import PACKAGED_RULES_FILE
from services.triage.domain.engine import DEFAULT_THRESHOLD, TriageEngine
from services.triage.entrypoints.cli import packaged_engine
from services.triage.evaluation.labelled_set import (
    LabelledReport,
    evaluate,
    read_labelled_file,
)
from tests.unit.triage.triage_support import RECEIVED, below_target

DEV = Path(__file__).resolve().parents[3].parent / "shared" / "triage-eval" / "dev.jsonl"
REGION_ACCURACY = 0.95


@pytest.fixture(scope="module")
def engine() -> TriageEngine:
    return packaged_engine(PACKAGED_RULES_FILE, DEFAULT_THRESHOLD)


@pytest.fixture(scope="module")
def dev_set() -> list[LabelledReport]:
    assert DEV.exists(), f"the labelled dev set must sit beside the repo at {DEV}"
    return read_labelled_file(DEV)


def test_dev_set_meets_targets(engine: TriageEngine, dev_set: list[LabelledReport]) -> None:
    accuracy = evaluate(engine, dev_set, received_at=RECEIVED).accuracy()
    assert below_target(accuracy) == {}, accuracy


def test_gazetteer_region_accuracy(engine: TriageEngine, dev_set: list[LabelledReport]) -> None:
    misses = []
    for item in dev_set:
        got = engine.resolver.resolve(item.content).code
        if got != item.expected["region_code"]:
            misses.append((item.id, item.expected["region_code"], got))
    accuracy = 1 - len(misses) / len(dev_set)
    assert accuracy >= REGION_ACCURACY, f"accuracy {accuracy:.3f}, misses: {misses}"
