"""Staff API: the queue, case pages, transitions, links, reporter identity, stats, export.

Thin: each endpoint authenticates (`CurrentActor`), calls one use case or read model and
returns the case as it now reads. Errors become problem+json in staff_errors.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse

from services.cases.domain.model import Actor
from services.cases.entrypoints import staff_calls
from services.cases.entrypoints.api_models import (
    AssignRequest,
    LinkCreate,
    NoteCreate,
    OfficerRead,
    TransitionRequest,
)
from services.cases.entrypoints.auth import CurrentActor, CurrentStaff
from services.cases.entrypoints.deps import (
    Access,
    Cases,
    CasesDeps,
    Evidence,
    KeyringDep,
    RosterDep,
)
from services.cases.entrypoints.evidence_download import download_response
from services.cases.read_models.case_view import get_case as read_case
from services.cases.read_models.exports import export_cases as export_lines
from services.cases.read_models.models import (
    CaseFilters,
    CaseRead,
    CaseSummary,
    ExportFormat,
    Page,
    ReporterRead,
    SplitResult,
    StatsRead,
)
from services.cases.read_models.queue import MAX_PAGE
from services.cases.read_models.queue import list_cases as queue_page
from services.cases.service_layer import assignment, lifecycle, reporter

router = APIRouter(prefix="/v1", tags=["staff"])
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
Filters = Annotated[CaseFilters, Query()]


async def case_now(cases: CasesDeps, actor: Actor, case_id: str) -> CaseRead:
    return await read_case(
        reads=cases.reads,
        policy=cases.policy,
        actor=actor,
        case_id=case_id,
        now=cases.clock.now(),
    )


@router.get("/cases", response_model=Page[CaseSummary])
async def list_cases(
    cases: Cases,
    actor: CurrentActor,
    filters: Filters,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> Page[CaseSummary]:
    return queue_page(
        view=cases.view,
        actor=actor,
        filters=filters,
        cursor=cursor,
        limit=limit,
        now=cases.clock.now(),
    )


@router.get("/cases/export", response_class=StreamingResponse)
async def export_cases(
    cases: Cases, actor: CurrentActor, filters: Filters, format: ExportFormat = "csv"
) -> StreamingResponse:
    lines = export_lines(
        view=cases.view, actor=actor, filters=filters, fmt=format, now=cases.clock.now()
    )
    headers = {"Content-Disposition": f'attachment; filename="netra-cases.{format}"'}
    return StreamingResponse(lines, media_type=MEDIA_TYPES[format], headers=headers)


@router.get("/cases/{case_id}", response_model=CaseRead)
async def get_case(case_id: str, cases: Cases, actor: CurrentActor) -> CaseRead:
    return await case_now(cases, actor, case_id)


@router.post("/cases/{case_id}/transitions", response_model=CaseRead)
async def transition(
    case_id: str, body: TransitionRequest, cases: Cases, actor: CurrentActor
) -> CaseRead:
    command = body.command_fields()
    await staff_calls.apply_command(
        cases, actor, case_id, command, expected_version=body.expected_version
    )
    return await case_now(cases, actor, case_id)


@router.get("/cases/{case_id}/assignees", response_model=list[OfficerRead])
async def assignees(
    case_id: str, cases: Cases, roster: RosterDep, actor: CurrentActor
) -> list[OfficerRead]:
    """The officers this actor may assign the case to (the workspace's picker)."""
    found = await assignment.eligible_assignees(
        store=cases.store, roster=roster, actor=actor, case_id=case_id
    )
    return [OfficerRead.model_validate(o, from_attributes=True) for o in found]


@router.post("/cases/{case_id}/assign", response_model=CaseRead)
async def assign(
    case_id: str, body: AssignRequest, cases: Cases, roster: RosterDep, actor: CurrentActor
) -> CaseRead:
    """Assign, reassign (another officer) or unassign (`"assignee": null`)."""
    await staff_calls.assign(
        cases,
        roster,
        actor,
        case_id,
        assignee=body.assignee,
        expected_version=body.expected_version,
        reason=body.reason,
    )
    return await case_now(cases, actor, case_id)


@router.post("/cases/{case_id}/notes", response_model=CaseRead, status_code=201)
async def add_note(case_id: str, body: NoteCreate, cases: Cases, actor: CurrentActor) -> CaseRead:
    await lifecycle.add_note(
        store=cases.store, clock=cases.clock, actor=actor, case_id=case_id, text=body.text
    )
    return await case_now(cases, actor, case_id)


@router.post("/cases/{case_id}/links", response_model=CaseRead)
async def link_report(
    case_id: str, body: LinkCreate, cases: Cases, actor: CurrentActor
) -> CaseRead:
    await staff_calls.link_report(
        cases, actor, case_id, report_id=body.report_id, reason=body.reason
    )
    return await case_now(cases, actor, case_id)


@router.delete("/cases/{case_id}/links/{report_id}", response_model=SplitResult)
async def split_report(
    case_id: str,
    report_id: str,
    reason: Annotated[str, Query(min_length=1, max_length=1000)],
    cases: Cases,
    actor: CurrentActor,
) -> SplitResult:
    new_id = await staff_calls.split_report(
        cases, actor, case_id, report_id=report_id, reason=reason
    )
    return SplitResult(
        source=await case_now(cases, actor, case_id),
        new_case=await case_now(cases, actor, new_id),
    )


@router.get("/cases/{case_id}/reporter", response_model=ReporterRead)
async def read_reporter(
    case_id: str,
    cases: Cases,
    access_log: Access,
    staff: CurrentStaff,
    response: Response,
    keyring: KeyringDep,
    reason: Annotated[
        str,
        Query(
            max_length=reporter.REASON_CHARS,
            pattern=r"^[\s\S]*\S[\s\S]*$",  # not blank: the access log keeps why
            description="why the identity is opened (required; kept on the access log)",
        ),
    ],
    report_id: str | None = None,
) -> ReporterRead:
    response.headers["Cache-Control"] = "no-store"
    found = await staff_calls.read_reporter(
        cases, access_log, keyring, staff, case_id, report_id=report_id, reason=reason
    )
    return ReporterRead(
        case_id=found.case_id,
        report_id=found.report_id,
        anonymous=False,
        identity=found.identity,
        witnesses=found.witnesses,
    )


@router.get(
    "/cases/{case_id}/evidence/{sha256}",
    response_class=Response,
    responses={200: {"description": "The file, as an attachment; X-Evidence-SHA256 names it"}},
)
async def download_evidence(
    case_id: str,
    sha256: str,
    cases: Cases,
    access_log: Access,
    staff: CurrentStaff,
    files: Evidence,
) -> Response:
    """One evidence file of the case; the download is on the access log before it is read."""
    found = await staff_calls.download_evidence(cases, access_log, files, staff, case_id, sha256)
    return download_response(found)


@router.get("/stats", response_model=StatsRead)
async def stats(cases: Cases, actor: CurrentActor) -> StatsRead:
    return cases.stats.stats(view=cases.view, actor=actor, now=cases.clock.now())
