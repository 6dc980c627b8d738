"""Service and domain errors -> problem+json. The only place that knows HTTP statuses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from services.cases.domain.errors import (
    CaseBusy,
    CaseError,
    CaseNotFound,
    EvidenceNotFound,
    Forbidden,
    IneligibleAssignee,
    InvalidTransition,
    MissingField,
    NotAllowed,
    ReportNotFound,
    UnsupportedCommand,
    VersionConflict,
)
from services.cases.read_models.cursor import InvalidCursor
from services.cases.read_models.staff_view import ViewWarming
from services.common.problem import problem_response

BUSY_RETRY_AFTER_S = 2
WARMING_RETRY_AFTER_S = 5


def _status_title(exc: CaseError) -> tuple[int, str]:
    if isinstance(exc, CaseNotFound):
        return 404, "Case not found"
    if isinstance(exc, ReportNotFound):
        return 404, "Report not found"
    if isinstance(exc, EvidenceNotFound):
        return 404, "Evidence not found"
    if isinstance(exc, Forbidden | NotAllowed):
        return 403, "Not allowed"
    if isinstance(exc, VersionConflict):
        return 409, "Case changed"
    if isinstance(exc, CaseBusy):
        return 503, "Case busy"
    if isinstance(exc, InvalidTransition):
        return 409, "Transition not allowed"
    if isinstance(exc, IneligibleAssignee):
        return 422, "Invalid assignee"
    if isinstance(exc, MissingField | UnsupportedCommand):
        return 422, "Invalid command"
    return 400, "Case error"


async def _on_case_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CaseError)
    status, title = _status_title(exc)
    extra: dict[str, object] = {"instance": request.url.path}
    if isinstance(exc, MissingField):
        extra["field"] = exc.field
    if isinstance(exc, IneligibleAssignee):
        extra["field"] = "assignee"
    if isinstance(exc, VersionConflict):
        extra["current_version"] = exc.current
    # A hidden case gets the same body as a missing one: no id echoed, no hint.
    detail = None if isinstance(exc, CaseNotFound) else str(exc)
    response = problem_response(status, title, detail, **extra)
    if isinstance(exc, CaseBusy):
        response.headers["Retry-After"] = str(BUSY_RETRY_AFTER_S)
    return response


async def _on_invalid_cursor(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(400, "Invalid cursor", str(exc), field="cursor")


async def _on_command_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ValidationError)
    errors = [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
        for e in exc.errors()
    ]
    fields = ", ".join(e["field"] for e in errors)
    return problem_response(422, "Invalid command", f"Invalid field(s): {fields}", errors=errors)


async def _on_view_warming(request: Request, exc: Exception) -> JSONResponse:
    response = problem_response(
        503,
        "Staff view warming",
        "this replica is still loading the cases; retry shortly "
        "(tampilan staf sedang dimuat; coba lagi sebentar lagi)",
    )
    response.headers["Retry-After"] = str(WARMING_RETRY_AFTER_S)
    return response


def install_staff_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ViewWarming, _on_view_warming)
    app.add_exception_handler(CaseError, _on_case_error)
    app.add_exception_handler(InvalidCursor, _on_invalid_cursor)
    app.add_exception_handler(ValidationError, _on_command_validation)
