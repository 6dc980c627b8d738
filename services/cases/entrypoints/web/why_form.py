"""The "why here" correction form: its choices, and a submitted form back into the
`correct_triage` command the API's transitions endpoint takes (one use case behind both)."""

from __future__ import annotations

import re
from typing import Final

from services.cases.domain.lifecycle.commands import CorrectTriage
from services.cases.entrypoints.web.deps import FormValues, first

ROUTE_SEPARATORS: Final = re.compile(r"[\s,;]+")
MAX_ROUTES: Final = 12  # more than any rule set names; a pasted list is cut, not parsed forever


def routes_from(text: str | None) -> tuple[str, ...] | None:
    """ "BAWASLU:18.01, GAKKUMDU:18.01" -> the routes; empty: None (follow the fields)."""
    routes = tuple(r for r in ROUTE_SEPARATORS.split(text or "") if r)[:MAX_ROUTES]
    return routes or None


def correction_from_form(form: FormValues) -> CorrectTriage:
    """Raises pydantic.ValidationError naming the field (an unknown category, a bad region
    code, a route no rule can produce); unchanged fields are simply the case's own."""
    return CorrectTriage.model_validate(
        {
            "category": first(form, "category"),
            "subject_type": first(form, "subject_type"),
            "region_code": first(form, "region_code"),
            "routes": routes_from(first(form, "routes")),
            "reason": first(form, "reason"),
        }
    )
