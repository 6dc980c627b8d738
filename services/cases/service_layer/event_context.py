"""Gathering an `EventContext`: the case record's fields and the reporters to tell.

Staff actions, the deadline scan and moves read the case anyway; the reporters who asked
for updates are read from their report documents here, one look-up per linked report,
and only when an event will be published. The filing hot path never comes here: it has
the triaged report in hand (`reporters_of`), so it stays insert-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from schemas.case_facts import ReporterToTell
from schemas.reports import ReportReceived, SealedReporter
from services.cases.domain.lifecycle.events import DomainEvent
from services.cases.domain.model import CaseState
from services.cases.service_layer.event_payloads import BUILDERS, EventContext
from services.cases.service_layer.ports import CaseStore, StoredCase


def reporters_of(report: ReportReceived) -> tuple[ReporterToTell, ...]:
    """The report's reporter, if they asked for updates (the hot path's source)."""
    return _to_tell(report.report_id, report.tracking_code, report.reporter)


def _to_tell(
    report_id: str, tracking_code: str | None, sealed: SealedReporter
) -> tuple[ReporterToTell, ...]:
    if not sealed.wants_updates or not tracking_code:
        return ()
    return (
        ReporterToTell(
            report_id=report_id,
            tracking_code=tracking_code,
            language=sealed.language,
            contact=sealed,
        ),
    )


def reporters_in(report: Mapping[str, Any]) -> tuple[ReporterToTell, ...]:
    """A stored report document's reporter, if they asked for updates."""
    try:
        sealed = SealedReporter.model_validate(report.get("reporter") or {})
    except ValidationError:
        return ()  # a report stored before the contract had this shape: nobody to tell
    return _to_tell(str(report["_id"]), report.get("tracking_code"), sealed)


def record_context(stored: StoredCase, reporters: tuple[ReporterToTell, ...]) -> EventContext:
    return EventContext(
        assignee=stored.assignee,
        reporters=reporters,
        summary=stored.summary,
        reported_position=stored.reported_position,
        reported_agency=stored.reported_agency,
    )


async def event_context(
    store: CaseStore, stored: StoredCase, case: CaseState, events: list[DomainEvent]
) -> EventContext:
    """The context for publishing `events` of `case` (its state after them)."""
    if not any(e.type in BUILDERS for e in events):
        return record_context(stored, ())
    reporters: list[ReporterToTell] = []
    for linked in case.reports:
        report = await store.report(linked.report_id)
        if report is not None:
            reporters.extend(reporters_in(report))
    return record_context(stored, tuple(reporters))
