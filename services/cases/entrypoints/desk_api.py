"""`POST /v1/desk/reports`: the hotline desk's API, for an operator's own tools.

Staff bearer token; the role, the operator's identity and the caller's consent are checked
by the use case (service_layer/desk.py) before intake is asked. The answer is intake's
receipt plus the read-back script in both languages.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from services.cases.domain.desk_script import read_back
from services.cases.entrypoints.auth import CurrentStaff
from services.cases.entrypoints.desk_call import NO_CONSENT, HotlineIntakeDep, read_api_call
from services.cases.service_layer.desk import ConsentMissing, take_call
from services.cases.service_layer.desk_ports import CallRefused, DeskReceipt, IntakeUnavailable
from services.common.problem import Problem

router = APIRouter(prefix="/v1/desk", tags=["hotline desk"])
RETRY_AFTER_S = 10


@router.post("/reports", status_code=202)
async def file_call(
    request: Request, staff: CurrentStaff, intake: HotlineIntakeDep
) -> JSONResponse:
    report, consent, files, keep = await read_api_call(request)
    try:
        receipt = await take_call(
            actor=staff.actor,
            report=report,
            consent=consent,
            files=files,
            keep_location=keep,
            intake=intake,
        )
    except ConsentMissing as exc:
        errors = [{"field": "consent", "message": NO_CONSENT}]
        raise Problem(422, "Consent required", NO_CONSENT, errors=errors) from exc
    except CallRefused as exc:
        raise refused_problem(exc) from exc
    except IntakeUnavailable as exc:
        retry = {"Retry-After": str(RETRY_AFTER_S)}
        detail = "intake could not file the report now; nothing was filed, send it again"
        raise Problem(503, "Report not filed", detail, headers=retry) from exc
    return JSONResponse(receipt_body(receipt), status_code=202)


def refused_problem(exc: CallRefused) -> Problem:
    title = "Evidence file too large" if exc.status == 413 else "Invalid call"
    return Problem(exc.status, title, exc.detail or "intake refused the call", errors=exc.errors)


def receipt_body(receipt: DeskReceipt) -> dict[str, object]:
    return {
        "report_id": receipt.report_id,
        "tracking_code": receipt.tracking_code,
        "status_url": receipt.status_url,
        "evidence_sha256": list(receipt.evidence_sha256),
        "read_back": {
            lang: read_back(receipt.tracking_code, status_url=receipt.status_url, language=lang)
            for lang in ("id", "en")
        },
    }
