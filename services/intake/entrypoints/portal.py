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

from services.intake.domain.errors import (
    InvalidSubmission,
    MalformedTrackingCode,
    ReportNotSaved,
    UnknownTrackingCode,
)
from services.intake.domain.labels import Lang
from services.intake.domain.submission import submission_from_form, validate_submission
from services.intake.domain.tracking import citizen_view
from services.intake.entrypoints.context import IntakeDep
from services.intake.entrypoints.portal_text import t
from services.intake.service_layer.filing import file_report
from services.intake.service_layer.ports import StatusUnavailable
from services.intake.service_layer.tracking import track_report

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)


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


@router.post("/lapor", response_class=HTMLResponse)
async def file_from_form(request: Request, lang: Language, intake: IntakeDep) -> HTMLResponse:
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        receipt = await file_report(
            validate_submission(submission_from_form(form)),
            keyring=intake.keyring,
            publisher=intake.publisher,
            spool=intake.spool,
            clock=intake.clock,
            publish_timeout_s=intake.publish_timeout_s,
            status_base_url=intake.status_base_url,
        )
    except InvalidSubmission as exc:
        return render(request, "form.html", lang, status=422, values=form, errors=exc.errors)
    except ReportNotSaved:
        errors = [{"field": "body", "message": t("not_saved", lang)}]
        return render(request, "form.html", lang, status=503, values=form, errors=errors)
    return render(request, "receipt.html", lang, status=202, receipt=receipt)


@router.get("/lacak", response_class=HTMLResponse)
async def track_page(
    request: Request, lang: Language, intake: IntakeDep, kode: str = ""
) -> HTMLResponse:
    if not kode:
        return render(request, "track.html", lang, code="")
    try:
        status = await track_report(kode, statuses=intake.statuses)
    except (MalformedTrackingCode, UnknownTrackingCode) as exc:
        code = 400 if isinstance(exc, MalformedTrackingCode) else 404
        return render(
            request, "track.html", lang, status=code, code=kode, message=t("not_found", lang)
        )
    except StatusUnavailable:
        message = t("unavailable", lang)
        return render(request, "track.html", lang, status=503, code=kode, message=message)
    return render(request, "track.html", lang, code=kode, found=citizen_view(status, lang))
