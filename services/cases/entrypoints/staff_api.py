"""Staff API: the queue, case pages, transitions, links, reporter identity, stats, export.

Thin: each endpoint authenticates (`CurrentActor`), calls one service function and returns
its read model. Errors become problem+json in staff_errors.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from services.cases import service
from services.cases.auth import CurrentActor, CurrentStaff
from services.cases.domain.case_deadlines import DeadlinePolicy
from services.cases.entrypoints.public import Repo
from services.cases.schemas import (
    AssignRequest,
    CaseFilters,
    CaseRead,
    CaseSummary,
    ExportFormat,
    LinkCreate,
    NoteCreate,
    Page,
    ReporterRead,
    SplitResult,
    StatsRead,
    TransitionRequest,
)
from services.common.crypto import Keyring
from services.common.telemetry import current_trace_id, current_traceparent

router = APIRouter(prefix="/v1", tags=["staff"])
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


def _policy(request: Request) -> DeadlinePolicy:
    policy: DeadlinePolicy = request.app.state.deadline_policy
    return policy


def _keyring(request: Request) -> Keyring:
    keyring: Keyring = request.app.state.keyring
    return keyring


Policy = Annotated[DeadlinePolicy, Depends(_policy)]
Filters = Annotated[CaseFilters, Query()]


@router.get("/cases", response_model=Page[CaseSummary])
async def list_cases(
    repo: Repo,
    actor: CurrentActor,
    filters: Filters,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 50,
) -> Page[CaseSummary]:
    return await service.list_cases(
        repo=repo, actor=actor, filters=filters, cursor=cursor, limit=limit
    )


@router.get("/cases/export", response_class=StreamingResponse)
async def export_cases(
    repo: Repo, actor: CurrentActor, filters: Filters, format: ExportFormat = "csv"
) -> StreamingResponse:
    lines = service.export_cases(repo=repo, actor=actor, filters=filters, fmt=format)
    headers = {"Content-Disposition": f'attachment; filename="netra-cases.{format}"'}
    return StreamingResponse(lines, media_type=MEDIA_TYPES[format], headers=headers)


@router.get("/cases/{case_id}", response_model=CaseRead)
async def get_case(case_id: str, repo: Repo, actor: CurrentActor, policy: Policy) -> CaseRead:
    return await service.get_case(repo=repo, actor=actor, case_id=case_id, policy=policy)


@router.post("/cases/{case_id}/transitions", response_model=CaseRead)
async def transition(
    case_id: str, body: TransitionRequest, repo: Repo, actor: CurrentActor, policy: Policy
) -> CaseRead:
    return await service.apply_command(
        repo=repo,
        actor=actor,
        case_id=case_id,
        command=body.command_fields(),
        expected_version=body.expected_version,
        now=service.utcnow(),
        trace_id=current_trace_id(),
        traceparent=current_traceparent(),
        policy=policy,
    )


@router.post("/cases/{case_id}/assign", response_model=CaseRead)
async def assign(
    case_id: str, body: AssignRequest, repo: Repo, actor: CurrentActor, policy: Policy
) -> CaseRead:
    return await service.assign(
        repo=repo,
        actor=actor,
        case_id=case_id,
        assignee=body.assignee,
        expected_version=body.expected_version,
        reason=body.reason,
        now=service.utcnow(),
        trace_id=current_trace_id(),
        policy=policy,
    )


@router.post("/cases/{case_id}/notes", response_model=CaseRead, status_code=201)
async def add_note(
    case_id: str, body: NoteCreate, repo: Repo, actor: CurrentActor, policy: Policy
) -> CaseRead:
    return await service.add_note(
        repo=repo,
        actor=actor,
        case_id=case_id,
        text=body.text,
        now=service.utcnow(),
        policy=policy,
    )


@router.post("/cases/{case_id}/links", response_model=CaseRead)
async def link_report(
    case_id: str, body: LinkCreate, repo: Repo, actor: CurrentActor, policy: Policy
) -> CaseRead:
    return await service.link_report(
        repo=repo,
        actor=actor,
        case_id=case_id,
        report_id=body.report_id,
        reason=body.reason,
        now=service.utcnow(),
        trace_id=current_trace_id(),
        traceparent=current_traceparent(),
        policy=policy,
    )


@router.delete("/cases/{case_id}/links/{report_id}", response_model=SplitResult)
async def split_report(
    case_id: str,
    report_id: str,
    reason: Annotated[str, Query(min_length=1, max_length=1000)],
    repo: Repo,
    actor: CurrentActor,
    policy: Policy,
) -> SplitResult:
    return await service.split_report(
        repo=repo,
        actor=actor,
        case_id=case_id,
        report_id=report_id,
        reason=reason,
        now=service.utcnow(),
        trace_id=current_trace_id(),
        traceparent=current_traceparent(),
        policy=policy,
    )


@router.get("/cases/{case_id}/reporter", response_model=ReporterRead)
async def read_reporter(
    case_id: str,
    repo: Repo,
    staff: CurrentStaff,
    response: Response,
    keyring: Annotated[Keyring, Depends(_keyring)],
    report_id: str | None = None,
) -> ReporterRead:
    response.headers["Cache-Control"] = "no-store"
    return await service.read_reporter(
        repo=repo,
        keyring=keyring,
        staff=staff,
        case_id=case_id,
        report_id=report_id,
        now=service.utcnow(),
        trace_id=current_trace_id(),
    )


@router.get("/stats", response_model=StatsRead)
async def stats(repo: Repo, actor: CurrentActor) -> StatsRead:
    return await service.case_stats(repo=repo, actor=actor)
