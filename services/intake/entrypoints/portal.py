"""The citizens' portal: a plain HTML form to file a report and a tracking page.

No JavaScript needed; Bahasa Indonesia by default, `?lang=en` for English. The form
takes the same use case as the JSON API; the tracking page asks the cases service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from services.common.json_limits import JsonLimits
from services.intake.domain.errors import (
    InvalidSubmission,
    MalformedTrackingCode,
    ReportNotSaved,
    UnknownTrackingCode,
)
from services.intake.domain.labels import Lang
from services.intake.domain.submission import (
    CONTENT_FIELDS,
    REPORTER_FIELDS,
    submission_from_form,
    validate_submission,
)
from services.intake.domain.tracking import citizen_view
from services.intake.entrypoints.context import IntakeDep
from services.intake.entrypoints.openapi import form_body, problems
from services.intake.entrypoints.portal_text import t
from services.intake.service_layer.ports import StatusUnavailable
from services.intake.service_layer.tracking import track_report

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(tags=["portal"])

FORM_FIELDS: dict[str, dict[str, Any]] = {
    **{name: {"type": "string"} for name in (*CONTENT_FIELDS, *REPORTER_FIELDS)},
    "text": {"type": "string", "minLength": 10, "maxLength": 20_000},
    "occurred_on": {"type": "string", "format": "date"},
    "known_on": {"type": "string", "format": "date"},
    "anonymous": {"type": "string", "enum": ["1"]},
    "wants_updates": {"type": "string", "enum": ["1"]},
}
FORM_RESPONSES = {
    "202": {"description": "Receipt page", "content": {"text/html": {}}},
    "422": {"description": "The form again, each wrong field named", "content": {"text/html": {}}},
    "503": {
        "description": "The form again: not saved, send it later",
        "content": {"text/html": {}},
    },
    **problems(400, 413, 429),
}


def language(lang: Annotated[str, Query()] = "id") -> Lang:
    return "en" if lang == "en" else "id"


Language = Annotated[Lang, Depends(language)]


def render(
    request: Request, page: str, lang: Lang, status: int = 200, **values: Any
) -> HTMLResponse:
    helpers = {"lang": lang, "other": "id" if lang == "en" else "en", "t": lambda k: t(k, lang)}
    return templates.TemplateResponse(request, page, {**helpers, **values}, status_code=status)


@router.get("/", response_class=HTMLResponse)
async def form_page(request: Request, lang: Language) -> HTMLResponse:
    return render(request, "form.html", lang, values={}, errors=[])


async def read_form(request: Request, limits: JsonLimits) -> dict[str, str]:
    """The form's fields, bounded: too many fields or any file is a 400 from Starlette."""
    raw = await request.form(
        max_files=0, max_fields=limits.max_items, max_part_size=limits.max_string_chars * 4
    )
    return {name: value for name, value in raw.items() if isinstance(value, str)}


def overlong(form: dict[str, str], limits: JsonLimits) -> list[dict[str, str]]:
    return [
        {"field": name, "message": f"longer than {limits.max_string_chars} characters"}
        for name, value in form.items()
        if len(value) > limits.max_string_chars
    ]


@router.post(
    "/lapor",
    response_class=HTMLResponse,
    status_code=202,
    openapi_extra={**form_body(FORM_FIELDS, required=["text"]), "responses": FORM_RESPONSES},
)
async def file_from_form(request: Request, lang: Language, intake: IntakeDep) -> HTMLResponse:
    form = await read_form(request, intake.input_limits)
    if errors := overlong(form, intake.input_limits):
        values = {k: v for k, v in form.items() if len(v) <= intake.input_limits.max_string_chars}
        return render(request, "form.html", lang, status=422, values=values, errors=errors)
    try:
        receipt = await intake.file(validate_submission(submission_from_form(form, language=lang)))
    except InvalidSubmission as exc:
        return render(request, "form.html", lang, status=422, values=form, errors=exc.errors)
    except ReportNotSaved:
        errors = [{"field": "body", "message": t("not_saved", lang)}]
        page = render(request, "form.html", lang, status=503, values=form, errors=errors)
        page.headers["Retry-After"] = str(intake.retry_after_s)
        return page
    return render(request, "receipt.html", lang, status=202, receipt=receipt)


@router.get("/lacak", response_class=HTMLResponse)
async def track_page(
    request: Request, lang: Language, intake: IntakeDep, kode: str = ""
) -> HTMLResponse:
    if not kode:
        return render(request, "track.html", lang, code="")
    try:
        status = await track_report(kode, statuses=intake.statuses)
    except MalformedTrackingCode:  # checked here: nothing unchecked goes to the cases host
        message = t("malformed_code", lang)
        return render(request, "track.html", lang, status=400, code=kode, message=message)
    except UnknownTrackingCode:
        message = t("not_found", lang)
        return render(request, "track.html", lang, status=404, code=kode, message=message)
    except StatusUnavailable:
        message = t("unavailable", lang)
        return render(request, "track.html", lang, status=503, code=kode, message=message)
    return render(request, "track.html", lang, code=kode, found=citizen_view(status, lang))
