"""One case as the staff view keeps it in memory: what the queue, statistics, exports and
the status look-up need, and nothing else (no timeline, notes, outbox or reporter).

A row is built from a stored case document (start-up load, refresh), from the state a
staff write of this process just saved, or from a `case.opened` event. Rows are frozen
and replaced whole, so a query iterating them never sees half an update.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from schemas.cases import CaseOpened, CaseStatus
from services.cases.domain.model import CaseState, Track
from services.cases.domain.vocabulary import TERMINAL_STATUSES

FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)  # no deadline: last in the queue
StatusChange = tuple[str, datetime]  # (status entered, when)
Intake = tuple[datetime, str]  # a linked report's (received, channel), for the dashboard
UNKNOWN_CHANNEL = "unknown"  # a report whose channel no event or document named


def stored_time(at: datetime) -> datetime:
    """To the millisecond, as BSON keeps it: a row built from an event or a state then
    equals the row the store gives back, and queue cursors agree across replicas."""
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def _maybe_time(at: datetime | None) -> datetime | None:
    return None if at is None else stored_time(at)


def sight_of(
    case_id: str, routes: tuple[str, ...], region: str | None, tracks: tuple[Track, ...]
) -> CaseState:
    """The few fields `access.can_view` reads, as a `CaseState` built without validation
    and shared by every case with the same routes, region and tracks (most cases have no
    track, so a few thousand sights serve 100,000 cases; the case id is not among them)."""
    return _shared_sight(tuple(sys.intern(r) for r in routes), region, tracks)


@functools.lru_cache(maxsize=65536)
def _shared_sight(
    routes: tuple[str, ...], region: str | None, tracks: tuple[Track, ...]
) -> CaseState:
    # No reports: an operator, who sees only what it filed, sees no row (access.py).
    fields: dict[str, Any] = {
        "routes": routes,
        "region_code": region,
        "tracks": tracks,
        "reports": (),
    }
    return CaseState.model_construct(**fields)


def _word(value: str) -> str:
    """Vocabulary (statuses, categories, regions) kept once, not once per case."""
    return sys.intern(value)


def _maybe_word(value: str | None) -> str | None:
    return None if value is None else sys.intern(value)


@dataclass(frozen=True, slots=True)
class CaseRow:
    case_id: str
    status: CaseStatus
    category: str
    subject_type: str
    region_code: str | None
    routes: tuple[str, ...]
    needs_review: bool
    election_type: str
    opened_at: datetime
    deadline_at: datetime | None
    deadline_state: str | None
    report_ids: tuple[str, ...]
    assignee: str | None
    summary: str | None
    version: int
    changes: tuple[StatusChange, ...]  # every status the case entered, in order
    sight: CaseState
    complete: bool = True  # False: built from an event that lacked fields; refresh it
    deadline_remind_at: datetime | None = None  # a missed deadline's next reminder
    intake: tuple[Intake, ...] = ()  # per report id, in the same order
    missed: tuple[datetime, ...] = ()  # every deadline missed (first notice), when it was due

    @property
    def queue_key(self) -> tuple[datetime, str]:
        return (self.deadline_at or FAR_FUTURE, self.case_id)

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL_STATUSES

    def overdue(self, now: datetime) -> bool:
        return self.is_open and self.deadline_at is not None and self.deadline_at < now


def status_changes(timeline: Iterable[Mapping[str, Any]]) -> tuple[StatusChange, ...]:
    return tuple(
        (_word(str(e["to_status"])), e["at"])
        for e in timeline
        if e.get("to_status") is not None and e.get("from_status") != e.get("to_status")
    )


def missed_deadlines(timeline: Iterable[Mapping[str, Any]]) -> tuple[datetime, ...]:
    """The deadline of each first `deadline_missed` notice (reminders repeat a miss)."""
    return tuple(
        stored_time(datetime.fromisoformat(str(e["details"]["deadline_at"])))
        for e in timeline
        if e.get("action") == "deadline_missed"
        and "reminder" not in (e.get("details") or {})
        and (e.get("details") or {}).get("deadline_at")
    )


def intake_of(
    linked: Iterable[tuple[str, datetime]], known: Mapping[str, Intake]
) -> tuple[tuple[Intake, ...], bool]:
    """(received, channel) per (report id, linked at); a report nothing describes counts
    at its link time under `unknown`, and the row is then incomplete (read back once)."""
    found = [(known.get(report_id), at) for report_id, at in linked]
    intake = tuple(k or (stored_time(at), UNKNOWN_CHANNEL) for k, at in found)
    return intake, all(k is not None for k, _ in found)


def known_intake(metas: Iterable[Mapping[str, Any]]) -> dict[str, Intake]:
    """Report id -> (received, channel) from report metadata that names a channel."""
    return {
        str(m["report_id"]): (
            stored_time(m.get("received_at") or m["linked_at"]),
            _word(str(m["channel"])),
        )
        for m in metas
        if m.get("channel") and (m.get("received_at") or m.get("linked_at"))
    }


def _tracks(raw: Iterable[Mapping[str, Any]]) -> tuple[Track, ...]:
    return tuple(Track.model_validate(t) for t in raw)


def row_from_document(document: Mapping[str, Any]) -> CaseRow:
    """A stored case document, assembled with its links (`reports` holds them)."""
    case_id = str(document["_id"])
    routes = tuple(_word(r) for r in document.get("routes", ()))
    region = _maybe_word(document.get("region_code"))
    reports = document.get("reports", ())
    intake, _ = intake_of(
        ((r["report_id"], r["linked_at"]) for r in reports),
        known_intake(document.get("report_meta", ())),
    )
    return CaseRow(
        case_id=case_id,
        status=CaseStatus(document["status"]),
        category=_word(str(document["category"])),
        subject_type=_word(str(document["subject_type"])),
        region_code=region,
        routes=routes,
        needs_review=bool(document.get("needs_review", False)),
        election_type=_word(str(document["election_type"])),
        opened_at=document["opened_at"],
        deadline_at=document.get("deadline_at"),
        deadline_state=_maybe_word(document.get("deadline_state")),
        report_ids=tuple(r["report_id"] for r in reports),
        assignee=document.get("assignee"),
        summary=document.get("summary"),
        version=int(document.get("version", 1)),
        changes=status_changes(document.get("timeline", ())),
        sight=sight_of(case_id, routes, region, _tracks(document.get("tracks", ()))),
        deadline_remind_at=document.get("deadline_remind_at"),
        intake=intake,
        missed=missed_deadlines(document.get("timeline", ())),
    )


def codes_of(document: Mapping[str, Any]) -> dict[str, str]:
    """Tracking code -> report id for the reports a case document names."""
    return {
        str(m["tracking_code"]): str(m["report_id"])
        for m in document.get("report_meta", ())
        if m.get("tracking_code")
    }


def row_from_state(
    case: CaseState,
    *,
    assignee: str | None,
    summary: str | None,
    known: Mapping[str, Intake] = {},
) -> CaseRow:
    """What a staff write of this process saved (read-your-writes without a read);
    `known`: the reports' (received, channel) the caller has (the case state has none)."""
    routes = tuple(case.routes)
    intake, _ = intake_of(((r.report_id, r.linked_at) for r in case.reports), known)
    timeline = [{"action": e.action, "details": e.details} for e in case.timeline]
    return CaseRow(
        case_id=case.case_id,
        status=case.status,
        category=case.category.value,
        subject_type=case.subject_type.value,
        region_code=case.region_code,
        routes=routes,
        needs_review=case.needs_review,
        election_type=case.election_type.value,
        opened_at=stored_time(case.opened_at),
        deadline_at=_maybe_time(case.deadline_at),
        deadline_state=case.deadline_state.value if case.deadline_state else None,
        report_ids=tuple(r.report_id for r in case.reports),
        assignee=assignee,
        summary=summary,
        version=case.version,
        changes=tuple(
            (e.to_status.value, stored_time(e.at))
            for e in case.timeline
            if e.to_status is not None and e.from_status != e.to_status
        ),
        sight=sight_of(case.case_id, routes, case.region_code, tuple(case.tracks)),
        deadline_remind_at=_maybe_time(case.deadline_remind_at),
        intake=intake,
        missed=missed_deadlines(timeline),
    )


def row_from_opened(opened: CaseOpened) -> CaseRow:
    """A case another process opened; an older producer's event lacks the status fields,
    so such a row is marked incomplete and read from the store once."""
    routes = tuple(_word(r) for r in opened.routes)
    status = _word(opened.status or CaseStatus.RECEIVED.value)
    channel = _word(opened.channel or UNKNOWN_CHANNEL)
    received = stored_time(opened.received_at or opened.opened_at)
    return CaseRow(
        case_id=opened.case_id,
        status=CaseStatus(status),
        category=opened.category.value,
        subject_type=opened.subject_type.value,
        region_code=_maybe_word(opened.region_code),
        routes=routes,
        needs_review=opened.needs_review,
        election_type=_word(opened.election_type or ""),
        opened_at=stored_time(opened.opened_at),
        deadline_at=_maybe_time(opened.deadline_at),
        deadline_state=_maybe_word(opened.deadline_state),
        report_ids=(opened.report_id,),
        assignee=None,
        summary=opened.summary,
        version=1,
        changes=((status, stored_time(opened.opened_at)),),
        sight=sight_of(opened.case_id, routes, opened.region_code, ()),
        complete=None not in (opened.status, opened.election_type, opened.channel),
        intake=((received, channel),),
    )
