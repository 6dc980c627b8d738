"""`POST /v1/hotline/reports`: the hotline desk files a call it took (issue 12).

The desk (the operator's page and API) lives in the cases service, which signs staff in;
it is the one client holding `HOTLINE_DESK_TOKEN` and sends each call here with the
operator and the caller's consent in `filed_by`. The report then takes intake's one
accept path (evidence checked and stored, seal, publish or spool, receipt) as channel
`hotline`, and the event records who filed it (`ReportReceived.filed_by`).

Body: application/json `{"report": {...}, "filed_by": {...}}`, or multipart/form-data
with those two as JSON parts plus files named `evidence` (`keep_location=1`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from services.common.problem import Problem
from services.intake.domain.errors import EvidenceRefused, InvalidSubmission, ReportNotSaved
from services.intake.domain.evidence import Upload
from services.intake.domain.receipt import Receipt
from services.intake.domain.submission import validate_desk_call
from services.intake.entrypoints.context import Intake, IntakeDep
from services.intake.entrypoints.http import evidence_problem, media_type_of, parse_json, read_json
from services.intake.entrypoints.multipart_form import UnreadableForm, parse_multipart
from services.intake.entrypoints.openapi import problems


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def check_desk_token(request: Request, digest: bytes) -> None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    offered = token_digest(token.strip())
    if scheme.lower() != "bearer" or not hmac.compare_digest(offered, digest):
        raise Problem(
            401,
            "Desk not authenticated",
            "only the hotline desk files here: send HOTLINE_DESK_TOKEN as 'Authorization: Bearer'",
            headers={"WWW-Authenticate": 'Bearer realm="netra-hotline"'},
        )


async def read_call(request: Request, intake: Intake) -> tuple[object, object, list[Upload], bool]:
    media_type = media_type_of(request)
    if media_type == "application/json":
        body = await read_json(request, intake)
        if not isinstance(body, dict):
            raise Problem(422, "Invalid call", "the body is a JSON object with report and filed_by")
        return body.get("report"), body.get("filed_by"), [], False
    if media_type != "multipart/form-data":
        raise Problem(415, "Unsupported media type", "send application/json or multipart/form-data")
    try:
        form = parse_multipart(
            await request.body(),
            request.headers.get("content-type", ""),
            max_parts=intake.evidence_limits.max_files + intake.input_limits.max_items,
            max_field_bytes=intake.max_json_bytes,
        )
    except UnreadableForm as exc:
        error = {"field": exc.field, "message": exc.message}
        raise Problem(400, "Unreadable form", str(exc), errors=[error]) from exc
    parts = {
        name: parse_json(form.fields[name].encode(), intake.input_limits, where=name)
        for name in ("report", "filed_by")
        if name in form.fields
    }
    uploads = form.uploads.get("evidence", [])
    keep = form.fields.get("keep_location") == "1"
    return parts.get("report"), parts.get("filed_by"), uploads, keep


def hotline_router(*, desk_token: str) -> APIRouter:
    router = APIRouter(prefix="/v1/hotline", tags=["hotline"])
    digest = token_digest(desk_token)

    @router.post(
        "/reports",
        status_code=202,
        response_model=Receipt,
        openapi_extra={"responses": problems(400, 401, 413, 415, 422, 503)},
    )
    async def file_call(request: Request, intake: IntakeDep) -> JSONResponse:
        check_desk_token(request, digest)
        report, filed_by, uploads, keep_location = await read_call(request, intake)
        receipt = await file_checked(intake, report, filed_by, uploads, keep_location)
        return JSONResponse(receipt.model_dump(), status_code=202)

    return router


async def file_checked(
    intake: Intake, report: object, filed_by: object, uploads: Sequence[Upload], keep: bool
) -> Receipt:
    try:
        submission, filing = validate_desk_call(report, filed_by)
        return await intake.file(submission, uploads, keep_location=keep, filed_by=filing)
    except InvalidSubmission as exc:
        fields = ", ".join(e["field"] for e in exc.errors)
        raise Problem(
            422, "Invalid call", f"Invalid field(s): {fields}", errors=exc.errors
        ) from exc
    except EvidenceRefused as exc:
        raise evidence_problem(exc) from exc
    except ReportNotSaved as exc:
        retry = {"Retry-After": str(intake.retry_after_s)}
        detail = "it could not be stored; send it again"
        raise Problem(503, "Report not saved", detail, headers=retry) from exc
