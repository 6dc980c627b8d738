"""Correcting triage from the case page's "why here" panel.

The same use case as the API's `POST /v1/cases/{id}/transitions` with `correct_triage`
(`lifecycle.apply_command`): the same role, region, status and version checks. The panel
itself is part of the case page (`templates/why_panel.html`, the case read's `why`).
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import RedirectResponse

from services.cases.entrypoints.deps import Cases
from services.cases.entrypoints.web.deps import Form, UiPage, first
from services.cases.entrypoints.web.routes_case import apply_from_page
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.entrypoints.web.why_form import correction_from_form

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.post("/cases/{case_id}/triage")
async def correct_triage(case_id: str, page: UiPage, form: Form, cases: Cases) -> Response:
    version = first(form, "expected_version")
    refused = await apply_from_page(
        case_id, page, cases, version, lambda: correction_from_form(form)
    )
    return refused or RedirectResponse(f"/cases/{case_id}?done=correct_triage#why", status_code=303)
