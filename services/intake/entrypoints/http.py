"""Intake's HTTP API: `POST /v1/reports` answers 202 only once the report is safe."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from services.common.problem import Problem
from services.common.telemetry import current_trace_id
from services.intake.domain.errors import InvalidSubmission, ReportNotSaved
from services.intake.domain.receipt import Receipt
from services.intake.domain.submission import validate_submission
from services.intake.entrypoints.context import IntakeDep
from services.intake.service_layer.filing import file_report

router = APIRouter(prefix="/v1", tags=["reports"])


async def read_json(request: Request) -> object:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise Problem(415, "Unsupported media type", "send the report as application/json")
    try:
        return json.loads(await request.body())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Problem(400, "Malformed JSON", f"the body is not valid JSON: {exc}") from exc


@router.post("/reports", status_code=202, response_model=Receipt)
async def submit_report(request: Request, intake: IntakeDep) -> JSONResponse:
    document = await read_json(request)
    try:
        receipt = await file_report(
            validate_submission(document),
            keyring=intake.keyring,
            publisher=intake.publisher,
            spool=intake.spool,
            clock=intake.clock,
            publish_timeout_s=intake.publish_timeout_s,
            status_base_url=intake.status_base_url,
        )
    except InvalidSubmission as exc:
        fields = ", ".join(e["field"] for e in exc.errors)
        raise Problem(
            422, "Invalid report", f"Invalid field(s): {fields}", errors=exc.errors
        ) from exc
    except ReportNotSaved as exc:
        raise Problem(503, "Report not saved", "it could not be stored; send it again") from exc
    headers = {"X-Trace-Id": current_trace_id() or ""}
    return JSONResponse(receipt.model_dump(), status_code=202, headers=headers)
