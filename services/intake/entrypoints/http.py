"""Intake's HTTP API: `POST /v1/reports` answers 202 only once the report is safe.

The body is the report as application/json, or multipart/form-data with the report as a
JSON part named `report` and up to N files named `evidence` (`keep_location=1` keeps an
image's GPS). The route reads the body itself (bounded: json_limits.py) so that every
error is problem+json in intake's words; `openapi_extra` declares the body it expects.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from services.common.json_limits import JsonLimits, JsonOutOfBounds, MalformedJson, load_json
from services.common.problem import Problem
from services.common.telemetry import current_trace_id
from services.intake.domain.errors import (
    EvidenceRefused,
    InvalidSubmission,
    ReportNotSaved,
    SpoolAtCapacity,
)
from services.intake.domain.evidence import Upload
from services.intake.domain.receipt import Receipt
from services.intake.domain.submission import validate_public_submission
from services.intake.entrypoints.context import Intake, IntakeDep
from services.intake.entrypoints.multipart_form import UnreadableForm, parse_multipart
from services.intake.entrypoints.openapi import problems, report_body

router = APIRouter(prefix="/v1", tags=["reports"])


def media_type_of(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_json(body: bytes, limits: JsonLimits, *, where: str) -> object:
    try:
        return load_json(body, limits)
    except MalformedJson as exc:
        raise Problem(400, "Malformed JSON", f"{where}: {exc}") from exc
    except JsonOutOfBounds as exc:
        if exc.what == "nesting depth":
            raise Problem(400, "JSON nested too deeply", str(exc), limit=exc.limit) from exc
        field = exc.where.removeprefix("$").removeprefix(".") or "body"
        raise Problem(
            422,
            "Invalid report",
            f"Invalid field(s): {field}",
            errors=[{"field": field, "message": f"{exc.what} exceeds the limit of {exc.limit}"}],
        ) from exc


async def read_json(request: Request, intake: Intake) -> object:
    return json_document(await request.body(), intake)


def json_document(body: bytes, intake: Intake) -> object:
    if len(body) > intake.max_json_bytes:
        detail = f"the JSON body exceeds the limit of {intake.max_json_bytes} bytes"
        raise Problem(413, "Request body too large", detail, limit=intake.max_json_bytes)
    return parse_json(body, intake.input_limits, where="body")


async def read_multipart(request: Request, intake: Intake) -> tuple[object, list[Upload], bool]:
    limits = intake.input_limits
    try:
        form = parse_multipart(
            await request.body(),
            request.headers.get("content-type", ""),
            max_parts=intake.evidence_limits.max_files + limits.max_items,
            max_field_bytes=intake.max_json_bytes,
        )
    except UnreadableForm as exc:
        raise Problem(
            400, "Unreadable form", str(exc), errors=[{"field": exc.field, "message": exc.message}]
        ) from exc
    if "report" not in form.fields:
        raise Problem(422, "Invalid report", "the part named `report` (JSON) is missing")
    document = parse_json(form.fields["report"].encode(), limits, where="report")
    uploads = form.uploads.get("evidence", [])
    return document, uploads, form.fields.get("keep_location") == "1"


def evidence_problem(exc: EvidenceRefused) -> Problem:
    error = {"field": "evidence", "message": exc.message}
    if exc.filename is not None:
        error["file"] = exc.filename
    title = "Evidence file too large" if exc.status == 413 else "Evidence refused"
    return Problem(exc.status, title, str(exc), errors=[error], limit=exc.limit)


@router.post(
    "/reports",
    status_code=202,
    response_model=Receipt,
    openapi_extra={**report_body(), "responses": problems(400, 413, 415, 422, 429, 503)},
)
async def submit_report(request: Request, intake: IntakeDep) -> JSONResponse:
    media_type = media_type_of(request)
    if media_type == "application/json":
        return await file_json(await request.body(), intake)
    if media_type == "multipart/form-data":
        document, uploads, keep_location = await read_multipart(request, intake)
        return await file_document(document, intake, uploads, keep_location=keep_location)
    raise Problem(
        415,
        "Unsupported media type",
        "send the report as application/json, or as multipart/form-data with files",
    )


async def file_json(body: bytes, intake: Intake) -> JSONResponse:
    """A JSON body's answer: the route's, and `ReportsMiddleware`'s (reports_middleware.py)."""
    return await file_document(json_document(body, intake), intake)


async def file_document(
    document: object,
    intake: Intake,
    uploads: Sequence[Upload] = (),
    *,
    keep_location: bool = False,
) -> JSONResponse:
    try:
        submission = validate_public_submission(document)
        receipt = await intake.file(submission, uploads, keep_location=keep_location)
    except InvalidSubmission as exc:
        fields = ", ".join(e["field"] for e in exc.errors)
        raise Problem(
            422, "Invalid report", f"Invalid field(s): {fields}", errors=exc.errors
        ) from exc
    except EvidenceRefused as exc:
        raise evidence_problem(exc) from exc
    except ReportNotSaved as exc:
        detail = (
            "intake holds as many reports as it may until the broker is back; send it later"
            if isinstance(exc, SpoolAtCapacity)
            else "it could not be stored; send it again"
        )
        retry = {"Retry-After": str(intake.retry_after_s)}
        raise Problem(503, "Report not saved", detail, headers=retry) from exc
    headers = {"X-Trace-Id": current_trace_id() or ""}
    return JSONResponse(receipt.model_dump(), status_code=202, headers=headers)
