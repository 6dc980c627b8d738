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

from schemas.citizen_status import Lang
from schemas.reports import (
    FILING_MODES,
    FORM_CONTENT_FIELDS,
    FORM_REPORTER_FIELDS,
    FORM_WITNESS_SLOTS,
)
from services.common.json_limits import JsonLimits
from services.intake.domain.errors import (
    EvidenceRefused,
    InvalidSubmission,
    MalformedTrackingCode,
    ReportNotSaved,
    UnknownTrackingCode,
)
from services.intake.domain.evidence import Upload, check_uploads
from services.intake.domain.submission import (
    submission_from_form,
    validate_submission,
    witness_slots_used,
)
from services.intake.domain.tracking import citizen_view
from services.intake.entrypoints.context import Intake, IntakeDep
from services.intake.entrypoints.form_errors import by_input
from services.intake.entrypoints.multipart_form import UnreadableForm, parse_multipart
from services.intake.entrypoints.openapi import form_body, problems
from services.intake.entrypoints.portal_text import t
from services.intake.service_layer.ports import StatusUnavailable
from services.intake.service_layer.tracking import track_report

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(tags=["portal"])

FORM_FIELDS: dict[str, dict[str, Any]] = {
    **{name: {"type": "string"} for name in (*FORM_CONTENT_FIELDS, *FORM_REPORTER_FIELDS)},
    "text": {"type": "string", "minLength": 10, "maxLength": 20_000},
    "occurred_on": {"type": "string", "format": "date"},
    "known_on": {"type": "string", "format": "date"},
    "anonymous": {"type": "string", "enum": ["1"]},
    "filing": {"type": "string", "enum": list(FILING_MODES)},
    "wants_updates": {"type": "string", "enum": ["1"]},
    "evidence_text": {"type": "string", "maxLength": 2000},
    **{
        f"witness_{n}_{part}": {"type": "string", "maxLength": 200}
        for n in range(1, FORM_WITNESS_SLOTS + 1)
        for part in ("name", "contact")
    },
    "evidence": {"type": "array", "items": {"type": "string", "format": "binary"}},
    "keep_location": {"type": "string", "enum": ["1"]},
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
    if "errors" in values:
        slots = witness_slots_used(values.get("values", {}))
        values["field_errors"] = by_input(values["errors"], slots)
    values.setdefault("witness_slots", FORM_WITNESS_SLOTS)
    values.setdefault("filing_modes", FILING_MODES)
    return templates.TemplateResponse(request, page, {**helpers, **values}, status_code=status)


def form_again(
    request: Request,
    lang: Lang,
    intake: Intake,
    *,
    status: int = 200,
    values: dict[str, str],
    errors: list[dict[str, str]],
) -> HTMLResponse:
    """The form (again), with what was typed and each error beside its field."""
    limits = intake.evidence_limits
    return render(
        request,
        "form.html",
        lang,
        status=status,
        values=values,
        errors=errors,
        evidence_max_files=limits.max_files,
        evidence_max_mb=f"{limits.max_file_bytes / (1024 * 1024):g}",
    )


@router.get("/", response_class=HTMLResponse)
async def form_page(request: Request, lang: Language, intake: IntakeDep) -> HTMLResponse:
    return form_again(request, lang, intake, values={}, errors=[])


class FormRefused(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.errors = [{"field": field, "message": message}]


async def read_form(request: Request, intake: Intake) -> tuple[dict[str, str], list[Upload]]:
    """The form's fields and files, bounded; a field that is not UTF-8 is named, not guessed."""
    limits = intake.input_limits
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() == "multipart/form-data":
        try:
            parsed = parse_multipart(
                await request.body(),
                content_type,
                max_parts=limits.max_items + intake.evidence_limits.max_files,
                max_field_bytes=limits.max_string_chars * 4,
            )
        except UnreadableForm as exc:
            raise FormRefused(exc.field, exc.message) from exc
        return parsed.fields, parsed.uploads.get("evidence", [])
    # A plain form without files: Starlette's parser; too many fields is its 400.
    raw = await request.form(
        max_files=0, max_fields=limits.max_items, max_part_size=limits.max_string_chars * 4
    )
    fields = {name: value for name, value in raw.items() if isinstance(value, str)}
    for name, value in fields.items():
        if "\ufffd" in value:  # percent-escapes that were not UTF-8
            raise FormRefused(name, "not valid UTF-8 text")
    return fields, []


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
    try:
        form, uploads = await read_form(request, intake)
    except FormRefused as exc:
        return form_again(request, lang, intake, status=422, values={}, errors=exc.errors)
    if errors := overlong(form, intake.input_limits):
        values = {k: v for k, v in form.items() if len(v) <= intake.input_limits.max_string_chars}
        return form_again(request, lang, intake, status=422, values=values, errors=errors)
    keep_location = form.get("keep_location") == "1"
    if errors := all_errors(form, uploads, intake, lang):
        status = 413 if any(e.get("status") == "413" for e in errors) else 422
        return form_again(request, lang, intake, status=status, values=form, errors=errors)
    try:
        submission = validate_submission(submission_from_form(form, language=lang))
        receipt = await intake.file(submission, uploads, keep_location=keep_location)
    except InvalidSubmission as exc:  # checked above; kept so no refusal can escape unnamed
        return form_again(request, lang, intake, status=422, values=form, errors=exc.errors)
    except EvidenceRefused as exc:
        error = {"field": "evidence", "message": evidence_message(exc, lang)}
        return form_again(request, lang, intake, status=exc.status, values=form, errors=[error])
    except ReportNotSaved:
        errors = [{"field": "body", "message": t("not_saved", lang)}]
        page = form_again(request, lang, intake, status=503, values=form, errors=errors)
        page.headers["Retry-After"] = str(intake.retry_after_s)
        return page
    return render(request, "receipt.html", lang, status=202, receipt=receipt)


def all_errors(
    form: dict[str, str], uploads: list[Upload], intake: Intake, lang: Lang
) -> list[dict[str, str]]:
    """Every field's error and the files' at once, so one round trip shows all to fix."""
    errors: list[dict[str, str]] = []
    try:
        validate_submission(submission_from_form(form, language=lang))
    except InvalidSubmission as exc:
        errors.extend(exc.errors)
    try:
        check_uploads(uploads, intake.evidence_limits)
    except EvidenceRefused as exc:
        message = evidence_message(exc, lang)
        errors.append({"field": "evidence", "message": message, "status": str(exc.status)})
    return errors


def evidence_message(exc: EvidenceRefused, lang: Lang) -> str:
    """The refusal in the reporter's language: which file, and the limit it broke."""
    if exc.filename is None:
        return t("evidence_too_many", lang).format(limit=exc.limit)
    if exc.status == 413:
        limit_mb = (exc.limit or 0) / (1024 * 1024)
        return t("evidence_too_large", lang).format(file=exc.filename, limit=f"{limit_mb:g} MB")
    return t(f"evidence_{exc.reason}", lang).format(file=exc.filename)


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
