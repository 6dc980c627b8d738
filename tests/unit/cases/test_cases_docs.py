"""docs/cases-lifecycle.md keeps the transition table; this fails when the two drift apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.cases import CaseStatus
from services.cases.domain.lifecycle.table import TRANSITIONS, TransitionSpec

pytestmark = pytest.mark.unit

DOC = Path(__file__).resolve().parents[3] / "docs" / "cases-lifecycle.md"
TARGETS = {
    "unchanged": "(unchanged)",
    "previous": "(status before the ending)",
    "forwarded_or_unchanged": "forwarded from plenary_decided, else (unchanged)",
}


def _sources(spec: TransitionSpec) -> str:
    if spec.sources == frozenset(CaseStatus):
        return "any"
    return ", ".join(s.value for s in CaseStatus if s in spec.sources)


def render_row(spec: TransitionSpec) -> str:
    target = spec.target if isinstance(spec.target, CaseStatus) else TARGETS[spec.target]
    cells = [
        _sources(spec),
        f"`{spec.command}`",
        str(target),
        ", ".join(sorted(spec.roles)),
        ", ".join(spec.requires) or "-",
        ", ".join(spec.emits),
    ]
    return "| " + " | ".join(cells) + " |"


@pytest.mark.parametrize("command", sorted(TRANSITIONS))
def test_doc_lists_the_transition_as_the_table_defines_it(command: str) -> None:
    assert render_row(TRANSITIONS[command]) in DOC.read_text(encoding="utf-8")


def test_doc_diagram_names_every_status() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert all(status.value in text for status in CaseStatus)
