"""The case page and the queue row: stored documents shaped by what the actor may see.

Ops sees flow and metadata only: no report summary, no notes, no free-text reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from services.cases.domain.access import (
    can_read_reporter,
    can_view,
    may_add_note,
    may_assign,
    metadata_only,
)
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import CaseNotFound
from services.cases.domain.lifecycle.commands import LINK_COMMANDS
from services.cases.domain.lifecycle.transition import allowed_commands
from services.cases.domain.model import Actor, CaseState
from services.cases.domain.vocabulary import TERMINAL_STATUSES
from services.cases.read_models.documents import state_of
from services.cases.read_models.models import (
    CaseRead,
    EvidenceRead,
    LinkedReportRead,
    NoteRead,
    TimelineItem,
    TrackRead,
)
from services.cases.read_models.ports import CaseReads
from services.cases.read_models.timeline import timeline_view
from services.cases.read_models.why_view import CORRECTION, why_read


def is_overdue(case: CaseState, now: datetime) -> bool:
    open_case = case.status not in TERMINAL_STATUSES
    return open_case and case.deadline_at is not None and case.deadline_at < now


def summary_fields(
    document: Mapping[str, Any], case: CaseState, actor: Actor, now: datetime
) -> dict[str, Any]:
    return {
        "case_id": case.case_id,
        "status": case.status,
        "category": case.category.value,
        "subject_type": case.subject_type.value,
        "region_code": case.region_code,
        "routes": list(case.routes),
        "needs_review": case.needs_review,
        "election_type": case.election_type.value,
        "opened_at": case.opened_at,
        "deadline_at": case.deadline_at,
        "deadline_state": case.deadline_state,
        "overdue": is_overdue(case, now),
        "linked_reports": len(case.reports),
        "assignee": document.get("assignee"),
        "summary": None if metadata_only(actor) else document.get("summary"),
        "version": case.version,
    }


def _timeline(document: Mapping[str, Any], actor: Actor) -> list[TimelineItem]:
    items = [TimelineItem(**item) for item in timeline_view(document)]
    if metadata_only(actor):
        return [item.model_copy(update={"reason": None}) for item in items]
    return items


def _reports(document: Mapping[str, Any], case: CaseState, actor: Actor) -> list[LinkedReportRead]:
    metas = {m["report_id"]: m for m in document.get("report_meta", [])}
    shown = not metadata_only(actor)
    return [
        LinkedReportRead(
            report_id=r.report_id,
            tracking_code=metas.get(r.report_id, {}).get("tracking_code"),
            anonymous=r.anonymous,
            linked_at=r.linked_at,
            evidence=[
                EvidenceRead(**e) for e in metas.get(r.report_id, {}).get("evidence", []) if shown
            ],
        )
        for r in case.reports
    ]


def _notes(document: Mapping[str, Any], actor: Actor) -> list[NoteRead]:
    if metadata_only(actor):
        return []
    return [NoteRead(**note) for note in document.get("notes", [])]


def case_read(
    document: Mapping[str, Any], actor: Actor, now: datetime, policy: DeadlinePolicy
) -> CaseRead:
    case = state_of(document)
    allowed = allowed_commands(case, actor, policy=policy)
    actions = [a for a in allowed if a not in LINK_COMMANDS]
    return CaseRead(
        **summary_fields(document, case, actor, now),
        anonymous=case.anonymous,
        registration=case.registration.value if case.registration else None,
        outcomes=[o.value for o in case.outcomes],
        tracks=[
            TrackRead(**t.model_dump(include=set(TrackRead.model_fields))) for t in case.tracks
        ],
        deadline_uncertain=case.deadline_uncertain,
        deadline_approximate=case.deadline_approximate,
        reports=_reports(document, case, actor),
        timeline=_timeline(document, actor),
        notes=_notes(document, actor),
        allowed_actions=actions,
        can_read_reporter=can_read_reporter(actor, case),
        can_assign=may_assign(actor, case),
        can_add_note=may_add_note(actor, case),
        can_link="link_report" in allowed,
        can_split="unlink_report" in allowed and len(case.reports) > 1,
        why=why_read(document, case, actor, can_correct=CORRECTION in actions),
    )


async def get_case(
    *, reads: CaseReads, policy: DeadlinePolicy, actor: Actor, case_id: str, now: datetime
) -> CaseRead:
    """A case the actor may not see is `CaseNotFound`, exactly like one that does not exist."""
    document = await reads.case_document(case_id)
    if document is None or not can_view(actor, state_of(document)):
        raise CaseNotFound(case_id)
    return case_read(document, actor, now, policy)
