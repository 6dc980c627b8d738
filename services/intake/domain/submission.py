"""Validating what a reporter sent, whichever channel it came through. Pure.

The rules themselves are the `ReportSubmission` model (schemas/reports.py); here they
are applied and their failures named field by field, as the problem+json answer and
the portal's error list show them.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from schemas.reports import ReportSubmission
from services.intake.domain.errors import InvalidSubmission

CONTENT_FIELDS = (
    "text",
    "location_text",
    "occurred_on",
    "known_on",
    "reported_name",
    "reported_position",
    "reported_agency",
    "evidence_text",
)
REPORTER_FIELDS = ("name", "phone", "email", "address")
# The form offers two witnesses (no JavaScript to add rows); the API takes up to five.
WITNESS_SLOTS = 2


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
        for e in exc.errors()
    ]


def validate_submission(document: object) -> ReportSubmission:
    try:
        return ReportSubmission.model_validate(document)
    except ValidationError as exc:
        raise InvalidSubmission(field_errors(exc)) from exc


def witness_slots_used(form: dict[str, str]) -> list[int]:
    """The form's witness rows that hold anything, in order: `witnesses.<i>` is the i-th of
    these. A contact without a name is kept, so the missing name is named, not dropped."""
    return [
        n
        for n in range(1, WITNESS_SLOTS + 1)
        if form.get(f"witness_{n}_name", "").strip() or form.get(f"witness_{n}_contact", "").strip()
    ]


def submission_from_form(form: dict[str, str]) -> dict[str, Any]:
    """The portal form's fields in the API's shape; an empty input means "not given"."""

    def given(name: str) -> str | None:
        return form.get(name, "").strip() or None

    reporter: dict[str, Any] = {k: given(k) for k in REPORTER_FIELDS if given(k)}
    mode = form.get("filing", "")
    reporter["anonymous"] = form.get("anonymous") == "1" or mode == "anonymous"
    reporter["confidential"] = mode == "confidential"
    reporter["wants_updates"] = form.get("wants_updates") == "1"
    content = {k: given(k) for k in CONTENT_FIELDS if given(k)}
    witnesses = [
        {"name": given(f"witness_{n}_name") or "", "contact": given(f"witness_{n}_contact")}
        for n in witness_slots_used(form)
    ]
    return {"channel": "web", **content, "reporter": reporter, "witnesses": witnesses}
