"""The desk page's form in the shape intake takes, and intake's field errors back on the
form's fields. Empty inputs mean "not given"; intake validates the rest and names it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from schemas.reports import FORM_CONTENT_FIELDS, FORM_REPORTER_FIELDS, FORM_WITNESS_SLOTS


def report_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    def given(name: str) -> str | None:
        return form.get(name, "").strip() or None

    mode = form.get("filing", "identified")
    reporter: dict[str, Any] = {k: given(k) for k in FORM_REPORTER_FIELDS if given(k)}
    reporter["anonymous"] = mode == "anonymous"
    reporter["confidential"] = mode == "confidential"
    reporter["wants_updates"] = form.get("wants_updates") == "1"
    reporter["language"] = "en" if form.get("caller_language") == "en" else "id"
    if reporter["anonymous"]:  # what the caller chose wins over what was typed before
        reporter = {k: v for k, v in reporter.items() if k not in ("name", "nik")}
    witnesses = [
        {"name": given(f"witness_{n}_name") or "", "contact": given(f"witness_{n}_contact")}
        for n in range(1, FORM_WITNESS_SLOTS + 1)
        if given(f"witness_{n}_name") or given(f"witness_{n}_contact")
    ]
    content = {k: given(k) for k in FORM_CONTENT_FIELDS if given(k)}
    return {**content, "reporter": reporter, "witnesses": witnesses}


def form_field(error_field: str) -> str:
    """intake's `reporter.phone` -> the form's `phone`; `witnesses.0.name` -> `witness_1_name`."""
    parts = error_field.split(".")
    if parts[0] == "reporter" and len(parts) > 1:
        return parts[1]
    if parts[0] == "witnesses" and len(parts) > 2 and parts[1].isdigit():
        return f"witness_{int(parts[1]) + 1}_{parts[2]}"
    if parts[0] == "filed_by":
        return "consent"
    return parts[0]


def errors_by_field(errors: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for error in errors:
        found.setdefault(form_field(str(error.get("field", "body"))), str(error.get("message", "")))
    return found
