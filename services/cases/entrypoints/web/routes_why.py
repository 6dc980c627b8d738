"""Correcting triage from the case page's "why here" panel.

The same use case as the API's `POST /v1/cases/{id}/transitions` with `correct_triage`
(`lifecycle.apply_command`): the same role, region, status and version checks. The panel
itself is part of the case page (`templates/why_panel.html`, the case read's `why`).
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from services.cases.domain.errors import VersionConflict
from services.cases.entrypoints.deps import Cases
from services.cases.entrypoints.web.case_feedback import refusal_message
from services.cases.entrypoints.web.deps import Form, UiPage, first
from services.cases.entrypoints.web.routes_case import (
    MAX_VERSION_DIGITS,
    REFUSALS,
    case_page,
    read_case,
)
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.entrypoints.web.why_form import correction_from_form
from services.cases.service_layer import lifecycle
from services.common.telemetry import current_trace_id, current_traceparent

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def expected_version(form_version: str | None) -> int | None:
    """The hidden field the page fills; anything else is refused, never int()'d."""
    text = form_version or ""
    ok = text.isascii() and text.isdigit() and len(text) <= MAX_VERSION_DIGITS
    return int(text) if ok else None


@router.post("/cases/{case_id}/triage")
async def correct_triage(case_id: str, page: UiPage, form: Form, cases: Cases) -> Response:
    assert page.actor is not None
    version = expected_version(first(form, "expected_version"))
    if version is None:
        case = await read_case(cases, page, case_id)
        message = page.tr.t("case.bad_version")
        return case_page(page, case, 422, flash=message, flash_kind="error")
    try:
        await lifecycle.apply_command(
            store=cases.store,
            policy=cases.policy,
            clock=cases.clock,
            actor=page.actor,
            case_id=case_id,
            command=correction_from_form(form),
            expected_version=version,
            trace_id=current_trace_id(),
            traceparent=current_traceparent(),
        )
    except VersionConflict:
        case = await read_case(cases, page, case_id)
        return case_page(page, case, 409, flash=page.tr.t("case.conflict"), flash_kind="error")
    except (*REFUSALS, ValidationError) as exc:
        case = await read_case(cases, page, case_id)
        message = refusal_message(page.tr, exc)
        return case_page(page, case, 422, flash=message, flash_kind="error")
    return RedirectResponse(f"/cases/{case_id}?done=correct_triage#why", status_code=303)
