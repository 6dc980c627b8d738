"""The hotline desk page (issue 12): an operator takes a call with the keyboard alone.

GET /desk: the form (consent first and focused, access keys, the tab order of the call).
POST /desk: the use case (service_layer/desk.py) files through intake; the receipt page
shows the tracking code large, with the read-back script in the caller's language first.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from schemas.reports import FILING_MODES, FORM_WITNESS_SLOTS
from services.cases.domain.desk_script import Language, read_back
from services.cases.entrypoints.desk_call import HotlineIntakeDep, consent_given, read_form
from services.cases.entrypoints.web.csrf import CSRF_COOKIE, CSRF_FIELD, csrf_ok
from services.cases.entrypoints.web.deps import UiPage
from services.cases.entrypoints.web.desk_form import errors_by_field, report_from_form
from services.cases.entrypoints.web.session import CsrfRejected
from services.cases.entrypoints.web.templating import Page, render
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.service_layer.desk import ConsentMissing, ensure_may_file, take_call
from services.cases.service_layer.desk_ports import CallRefused, IntakeUnavailable

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def desk_form(
    page: Page, status: int, *, values: dict[str, str], errors: dict[str, str], flash: str | None
) -> Response:
    return render(
        page,
        "desk.html",
        status,
        active="desk",
        values=values,
        errors=errors,
        first_error=next(iter(errors), ""),
        modes=FILING_MODES,
        witness_slots=FORM_WITNESS_SLOTS,
        flash=flash,
        flash_kind="error" if flash else None,
    )


@router.get("/desk")
async def desk(page: UiPage) -> Response:
    assert page.actor is not None
    ensure_may_file(page.actor)
    return desk_form(page, 200, values={}, errors={}, flash=None)


@router.post("/desk")
async def file_call(request: Request, page: UiPage, intake: HotlineIntakeDep) -> Response:
    assert page.actor is not None
    ensure_may_file(page.actor)
    form = await read_form(request)
    if not csrf_ok(request.cookies.get(CSRF_COOKIE), form.fields.get(CSRF_FIELD)):
        raise CsrfRejected
    values = {k: v for k, v in form.fields.items() if k != CSRF_FIELD}
    try:
        receipt = await take_call(
            actor=page.actor,
            report=report_from_form(values),
            consent=consent_given(values.get("consent")),
            files=form.files,
            keep_location=values.get("keep_location") == "1",
            intake=intake,
        )
    except ConsentMissing:
        errors = {"consent": page.tr.t("desk.error.consent")}
        return desk_form(page, 422, values=values, errors=errors, flash=page.tr.t("desk.error"))
    except CallRefused as exc:
        errors = errors_by_field(exc.errors) or {"text": exc.detail}
        return desk_form(
            page, exc.status, values=values, errors=errors, flash=page.tr.t("desk.error")
        )
    except IntakeUnavailable:
        flash = page.tr.t("desk.unavailable")
        return desk_form(page, 503, values=values, errors={}, flash=flash)
    caller: Language = "en" if values.get("caller_language") == "en" else "id"
    scripts: list[dict[str, Any]] = [
        {
            "lang": lang,
            "lines": read_back(receipt.tracking_code, status_url=receipt.status_url, language=lang),
        }
        for lang in ((caller, "id" if caller == "en" else "en"))
    ]
    return render(page, "desk_receipt.html", 200, active="desk", receipt=receipt, scripts=scripts)
