"""Intake's HTTP API: `POST /v1/reports` answers 202 only once the report is safe."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from schemas.reports import ReportSubmission
from services.common.crypto import Keyring
from services.common.problem import Problem
from services.common.telemetry import current_trace_id
from services.intake.adapters.publisher import ReportPublisher
from services.intake.domain.receipt import receive


class Receipt(BaseModel):
    report_id: str
    tracking_code: str
    status_url: str
    accepted_via: str


class IntakeContext:
    def __init__(
        self, *, publisher: ReportPublisher, keyring: Keyring, status_base_url: str
    ) -> None:
        self.publisher = publisher
        self.keyring = keyring
        self.status_base_url = status_base_url.rstrip("/")


def get_context(request: Request) -> IntakeContext:
    context: IntakeContext = request.app.state.intake
    return context


Context = Annotated[IntakeContext, Depends(get_context)]
router = APIRouter(prefix="/v1", tags=["reports"])


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
        for e in exc.errors()
    ]


async def parse_submission(request: Request) -> ReportSubmission:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise Problem(415, "Unsupported media type", "send the report as application/json")
    raw = await request.body()
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Problem(400, "Malformed JSON", f"the body is not valid JSON: {exc}") from exc
    try:
        return ReportSubmission.model_validate(document)
    except ValidationError as exc:
        errors = field_errors(exc)
        fields = ", ".join(e["field"] for e in errors)
        raise Problem(422, "Invalid report", f"Invalid field(s): {fields}", errors=errors) from exc


async def accept(submission: ReportSubmission, context: IntakeContext) -> Receipt:
    """Seal, publish (or spool) and answer: the one path every channel takes."""
    envelope = receive(submission, keyring=context.keyring, now=datetime.now(UTC))
    outcome = await context.publisher.publish(envelope)
    return Receipt(
        report_id=envelope.data.report_id,
        tracking_code=envelope.data.tracking_code,
        status_url=f"{context.status_base_url}/v1/status/{envelope.data.tracking_code}",
        accepted_via=outcome,
    )


@router.post("/reports", status_code=202, response_model=Receipt)
async def submit_report(request: Request, context: Context) -> JSONResponse:
    receipt = await accept(await parse_submission(request), context)
    headers = {"X-Trace-Id": current_trace_id() or ""}
    return JSONResponse(receipt.model_dump(), status_code=202, headers=headers)
