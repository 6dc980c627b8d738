"""The independent holdout set (tests/data/triage-holdout.jsonl) meets the dev targets.

The holdout was written blind, from DOMAIN.md section 4 only, before the engine's
lexicons were read: regions across the provinces, every subject type and category,
formal letters, hotline notes, SMS shorthand and regional chat. Rules are never
keyed on its sentences; a failure here means the language knowledge has a gap.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services.triage.domain.engine import TriageEngine
from tests.unit.triage.triage_support import below_target, labelled_set_accuracy

pytestmark = pytest.mark.unit

HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "triage-holdout.jsonl"


def test_holdout_set_meets_targets(real_engine: TriageEngine) -> None:
    count, accuracy = labelled_set_accuracy(HOLDOUT, real_engine)
    assert count >= 80
    assert below_target(accuracy) == {}, accuracy
