"""region_code accuracy on the shared, labelled development set (triage-eval/dev.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas.reports import ReportContent
from services.triage.domain.gazetteer import Gazetteer

pytestmark = pytest.mark.unit

DEV_SET = Path(__file__).resolve().parents[3].parent / "shared" / "triage-eval" / "dev.jsonl"
REQUIRED_ACCURACY = 0.95


def test_region_code_accuracy_on_dev_set() -> None:
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]
    gazetteer = Gazetteer.build()
    misses = []
    for row in rows:
        report = {k: v for k, v in row["report"].items() if k != "id"}
        got = gazetteer.resolve(ReportContent.model_validate(report)).code
        if got != row["expected"]["region_code"]:
            misses.append((row["report"]["id"], row["expected"]["region_code"], got))
    accuracy = 1 - len(misses) / len(rows)
    assert accuracy >= REQUIRED_ACCURACY, f"accuracy {accuracy:.3f}, misses: {misses}"
