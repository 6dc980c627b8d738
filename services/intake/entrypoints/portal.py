"""The citizens' portal: a plain HTML form to file a report and a tracking page.

No JavaScript needed; Bahasa Indonesia by default, `?lang=en` for English. The form
takes the same path as the JSON API; the tracking page asks the cases service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from schemas.reports import ReportSubmission
from services.intake.entrypoints.http import Context, accept, field_errors
from services.intake.entrypoints.portal_text import ACTIONS, STATUS, Lang, label, t

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)
CONTENT_FIELDS = (
    "text",
    "location_text",
    "occurred_on",
    "known_on",
    "reported_name",
    "reported_position",
    "reported_agency",
)
REPORTER_FIELDS = ("name", "phone", "email", "address")


def language(lang: Annotated[str, Query()] = "id") -> Lang:
    return "en" if lang == "en" else "id"


Language = Annotated[Lang, Depends(language)]


def render(
    request: Request, page: str, lang: Lang, status: int = 200, **values: Any
) -> HTMLResponse:
    helpers = {"lang": lang, "other": "id" if lang == "en" else "en", "t": lambda k: t(k, lang)}
    return templates.TemplateResponse(request, page, {**helpers, **values}, status_code=status)


def submission_from_form(form: dict[str, str]) -> dict[str, Any]:
    """Form fields to the API's shape; empty inputs mean "not given"."""

    def given(name: str) -> str | None:
        return form.get(name, "").strip() or None

    reporter: dict[str, Any] = {k: given(k) for k in REPORTER_FIELDS if given(k)}
    reporter["anonymous"] = form.get("anonymous") == "1"
    reporter["wants_updates"] = form.get("wants_updates") == "1"
    content = {k: given(k) for k in CONTENT_FIELDS if given(k)}
    return {"channel": "web", **content, "reporter": reporter}


@router.get("/", response_class=HTMLResponse)
async def form_page(request: Request, lang: Language) -> HTMLResponse:
    return render(request, "form.html", lang, values={}, errors=[])


@router.post("/lapor", response_class=HTMLResponse)
async def file_report(request: Request, lang: Language, context: Context) -> HTMLResponse:
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        submission = ReportSubmission.model_validate(submission_from_form(form))
    except ValidationError as exc:
        errors = field_errors(exc)
        return render(request, "form.html", lang, status=422, values=form, errors=errors)
    receipt = await accept(submission, context)
    return render(request, "receipt.html", lang, status=202, receipt=receipt)


@router.get("/lacak", response_class=HTMLResponse)
async def track_page(
    request: Request, lang: Language, context: Context, kode: str = ""
) -> HTMLResponse:
    if not kode:
        return render(request, "track.html", lang, code="")
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            response = await client.get(f"{context.status_base_url}/v1/status/{kode}")
    except httpx.HTTPError:
        return render(
            request, "track.html", lang, status=503, code=kode, message=t("unavailable", lang)
        )
    if response.status_code != 200:
        message = (
            t("not_found", lang) if response.status_code in (400, 404) else t("unavailable", lang)
        )
        return render(
            request, "track.html", lang, status=response.status_code, code=kode, message=message
        )
    status = response.json()
    timeline = [
        {"at": item["at"][:16].replace("T", " "), "label": label(ACTIONS, item["action"], lang)}
        for item in status.get("timeline", [])
    ]
    return render(
        request,
        "track.html",
        lang,
        code=kode,
        found=status,
        timeline=timeline,
        status_label=label(STATUS, status["status"], lang),
    )
