"""Why a case went where it went: triage's decision as the case page shows it.

Built from the case document: the fields triage decided with the words that decided them
and how sure it was (`triage_basis`, kept since issue 14; older cases show the rules and
review reasons only), each route with the rule that fired, and every staff correction
since (the timeline's `correct_triage` entries, before and after).

Ops sees metadata only: no words (they are the report's text) and no correction reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.cases.domain.access import metadata_only
from services.cases.domain.model import Actor, CaseState

CORRECTION = "correct_triage"
FIELDS = ("category", "subject_type", "region_code")


class _Read(BaseModel):
    model_config = ConfigDict(frozen=True)


class WordRead(_Read):
    """A phrase of the report that supported a label, and the report field it came from."""

    phrase: str
    source: str


class FieldWhy(_Read):
    """One decided field: its value now, what triage decided and on which words."""

    field: str
    value: str | None
    triaged: str | None
    corrected: bool
    words: list[WordRead] = []
    confidence: float | None = None


class RuleRead(_Read):
    rule_id: str
    explanation: str
    routes: list[str] = []


class CorrectionRead(_Read):
    at: datetime
    actor: str
    role: str
    reason: str | None
    before: dict[str, Any]
    after: dict[str, Any]


class WhyRead(_Read):
    recorded: bool  # the words and confidences are on this case (opened since issue 14)
    fields: list[FieldWhy]
    routes: list[str]
    rules: list[RuleRead]
    routes_confidence: float | None = None
    confidence: float | None = None
    needs_review: bool
    review_reasons: list[str] = []
    categories: list[str] = []
    rules_version: str | None = None
    engine_version: str | None = None
    corrections: list[CorrectionRead] = []
    can_correct: bool = False


def _corrections(document: Mapping[str, Any], actor: Actor) -> list[CorrectionRead]:
    hidden = metadata_only(actor)
    found = []
    for entry in document.get("timeline", []):
        details = entry.get("details") or {}
        if entry.get("action") != CORRECTION or "before" not in details:
            continue
        who = entry.get("actor") or {}
        found.append(
            CorrectionRead(
                at=entry["at"],
                actor=str(who.get("name", "")),
                role=str(who.get("role", "")),
                reason=None if hidden else entry.get("reason"),
                before=dict(details["before"]),
                after=dict(details.get("after") or {}),
            )
        )
    return found


def _triaged(case: CaseState, corrections: Sequence[CorrectionRead]) -> dict[str, Any]:
    """Triage's own decision: what the first correction found, else what the case holds."""
    if corrections:
        return dict(corrections[0].before)
    return {
        "category": case.category.value,
        "subject_type": case.subject_type.value,
        "region_code": case.region_code,
        "routes": list(case.routes),
    }


def _words(basis: Mapping[str, Any], field: str, label: str | None) -> list[WordRead]:
    return [
        WordRead(phrase=str(e["phrase"]), source=str(e.get("source") or "text"))
        for e in basis.get("evidence") or []
        if e.get("field") == field and e.get("label") == label and e.get("phrase")
    ]


def why_read(
    document: Mapping[str, Any], case: CaseState, actor: Actor, *, can_correct: bool
) -> WhyRead:
    basis: Mapping[str, Any] = document.get("triage_basis") or {}
    confidences: Mapping[str, Any] = basis.get("field_confidence") or {}
    corrections = _corrections(document, actor)
    triaged = _triaged(case, corrections)
    now = {
        "category": case.category.value,
        "subject_type": case.subject_type.value,
        "region_code": case.region_code,
    }
    shown = not metadata_only(actor)
    fields = [
        FieldWhy(
            field=name,
            value=now[name],
            triaged=triaged.get(name),
            corrected=now[name] != triaged.get(name),
            words=_words(basis, name, triaged.get(name)) if shown else [],
            confidence=confidences.get(name),
        )
        for name in FIELDS
    ]
    return WhyRead(
        recorded=bool(basis),
        fields=fields,
        routes=list(case.routes),
        rules=[RuleRead(**r) for r in document.get("rules_fired") or []],
        routes_confidence=confidences.get("routes"),
        confidence=basis.get("confidence"),
        needs_review=case.needs_review,
        review_reasons=list(document.get("review_reasons") or []),
        categories=list(document.get("categories") or []),
        rules_version=basis.get("rules_version"),
        engine_version=basis.get("engine_version"),
        corrections=corrections,
        can_correct=can_correct,
    )
