"""Intake's HTTP API: `POST /v1/reports` answers 202 only once the report is safe.

The route reads the body itself (bounded: json_limits.py) so that every error is
problem+json in intake's words; `openapi_extra` declares the body it expects.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from schemas.reports import ReportSubmission
from services.common.json_limits import JsonLimits, JsonOutOfBounds, MalformedJson, load_json
from services.common.problem import Problem
from services.common.telemetry import current_trace_id
from services.intake.domain.errors import InvalidSubmission, ReportNotSaved, SpoolAtCapacity
from services.intake.domain.receipt import Receipt
from services.intake.domain.submission import validate_public_submission
from services.intake.entrypoints.context import IntakeDep
from services.intake.entrypoints.openapi import json_body, problems

router = APIRouter(prefix="/v1", tags=["reports"])


async def read_json(request: Request, limits: JsonLimits) -> object:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise Problem(415, "Unsupported media type", "send the report as application/json")
    try:
        return load_json(await request.body(), limits)
    except MalformedJson as exc:
        raise Problem(400, "Malformed JSON", str(exc)) from exc
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


@router.post(
    "/reports",
    status_code=202,
    response_model=Receipt,
    openapi_extra={
        **json_body(ReportSubmission),
        "responses": problems(400, 413, 415, 422, 429, 503),
    },
)
async def submit_report(request: Request, intake: IntakeDep) -> JSONResponse:
    document = await read_json(request, intake.input_limits)
    try:
        receipt = await intake.file(validate_public_submission(document))
    except InvalidSubmission as exc:
        fields = ", ".join(e["field"] for e in exc.errors)
        raise Problem(
            422, "Invalid report", f"Invalid field(s): {fields}", errors=exc.errors
        ) from exc
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
