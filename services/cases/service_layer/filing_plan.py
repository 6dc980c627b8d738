"""Deciding a batch of triaged reports from memory: which opens a case, which joins one.

Pure: the partition state, what the store already says about redelivered reports
(`filed`), the configuration and `now` in; the documents to insert and the events to
publish out. Reports are decided in the batch's order (per partition, offset order): the
first report of a dedup key opens the case, later ones join it.

A case holds at most `max_linked_reports` reports (a flood of one dedup key cannot grow
one case without bound): the next report of that key opens an overflow case, linked to the
full one both ways (the overflow's `overflow_of`, the full case's `case_overflows` entry),
and the key's later reports join the overflow case. Still inserts only, one per report.

Ids derive from what is being filed (the case from its first report, event ids from the
source event id), so a redelivered batch decides the same again: its inserts hit duplicate
keys and its events go out again under the same ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from schemas import topics
from schemas.cases import CaseReportLinked
from schemas.envelope import Envelope
from schemas.triage import ReportTriaged
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.election_type import detect_election_type
from services.cases.domain.lifecycle import opening
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.lifecycle.linking_steps import duplicate_link_entry, overflow_entries
from services.cases.domain.model import CaseState
from services.cases.domain.vocabulary import ElectionType
from services.cases.service_layer.event_context import reporters_of
from services.cases.service_layer.event_payloads import EventContext
from services.cases.service_layer.new_cases import (
    case_id_for,
    meta_of,
    opened_payload,
    summary_of,
    triage_basis,
)
from services.cases.service_layer.outbox import SOURCE, envelopes
from services.cases.service_layer.partition_state import PartitionStates
from services.cases.service_layer.ports import (
    CaseLink,
    CaseOverflow,
    CaseRecord,
    Filed,
    Filing,
    NewCase,
    OpenCase,
)
from services.common.publishing import Outgoing


@dataclass(frozen=True)
class Trace:
    trace_id: str | None
    traceparent: str | None

    def carrier(self) -> dict[str, str]:
        """W3C headers for the events this report causes, so they stay in its trace."""
        return {"traceparent": self.traceparent} if self.traceparent else {}


@dataclass(frozen=True)
class TriagedItem:
    """One `report.triaged` event as the batch hands it over."""

    event_id: uuid.UUID
    triaged: ReportTriaged
    partition: int
    trace: Trace
    offset: int  # where it was read in its partition: the state's journal orders by it


@dataclass
class Plan:
    filings: list[Filing] = field(default_factory=list)
    cases: list[NewCase] = field(default_factory=list)
    links: list[CaseLink] = field(default_factory=list)
    overflows: list[CaseOverflow] = field(default_factory=list)
    events: list[Outgoing] = field(default_factory=list)
    changes: dict[tuple[int, str], OpenCase] = field(default_factory=dict)
    held: dict[str, str] = field(default_factory=dict)  # report id -> case id

    def case_of(self, report_id: str) -> str | None:
        return self.held.get(report_id)


@dataclass(frozen=True)
class Filer:
    """What deciding needs beside the batch: configuration and the moment."""

    policy: DeadlinePolicy
    default_election: ElectionType
    now: datetime
    max_linked_reports: int  # CASES_MAX_LINKED_REPORTS

    def plan(
        self, items: list[TriagedItem], states: PartitionStates, filed: Mapping[str, Filed]
    ) -> Plan:
        plan = Plan()
        for item in items:
            report_id = item.triaged.report.report_id
            if plan.case_of(report_id) is not None:
                continue  # the same report twice in one batch: decided once
            known = filed.get(report_id)
            if known is not None and known.event_id != str(item.event_id):
                continue  # filed from another event (triage sent it again): nothing new
            self._decide(plan, item, states, known.case_id if known else None)
        return plan

    def _decide(
        self, plan: Plan, item: TriagedItem, states: PartitionStates, known: str | None
    ) -> None:
        dedup_key = item.triaged.decision.dedup_key
        slot = (item.partition, dedup_key)
        current = plan.changes.get(slot) or states.open_case(item.partition, dedup_key)
        own = case_id_for(item.triaged.report.report_id)
        full = current if current and current.reports >= self.max_linked_reports else None
        if full is not None and full.case_id == own:
            full = None  # a redelivered overflow opener: its own case, already remembered
        # A redelivery the state does not hold yet (its first attempt failed before the
        # state was applied) changes the state as the first attempt would have.
        fresh = item.offset >= states.next_offset(item.partition)
        takes_key = current is None or full is not None
        if known == own or (known is None and takes_key):
            # a new incident, a full case's overflow, or a redelivered opener (same case again)
            self._open(plan, item, overflow_of=full.case_id if full else None)
            if known is None or (fresh and takes_key and not states.was_closed(own)):
                plan.changes[slot] = OpenCase(own, dedup_key, 1)
        elif known is not None:  # a redelivery of a duplicate: the same link again
            held = current is not None and current.case_id == known
            count = (current.reports + fresh if held else 2) if current else 2
            if held and fresh:
                plan.changes[slot] = OpenCase(known, dedup_key, count)
            self._link(plan, item, known, count)
        else:
            assert current is not None
            joined = OpenCase(current.case_id, dedup_key, current.reports + 1)
            plan.changes[slot] = joined
            self._link(plan, item, joined.case_id, joined.reports)

    def _filing(self, plan: Plan, item: TriagedItem, case_id: str) -> None:
        decision = item.triaged.decision.model_dump(mode="json")
        report_id = item.triaged.report.report_id
        filing = Filing(report_id, case_id, decision, self.now, str(item.event_id))
        plan.filings.append(filing)
        plan.held[report_id] = case_id

    def _open(self, plan: Plan, item: TriagedItem, *, overflow_of: str | None) -> None:
        report, decision = item.triaged.report, item.triaged.decision
        case, events = opening.open_case(
            case_id=case_id_for(report.report_id),
            report_id=report.report_id,
            anonymous=report.reporter.anonymous,
            election_type=detect_election_type(report.content.text, default=self.default_election),
            category=decision.category,
            subject_type=decision.subject_type,
            region_code=decision.region_code,
            routes=decision.routes,
            needs_review=decision.needs_review,
            now=self.now,
            trace_id=item.trace.trace_id,
            policy=self.policy,
            filed_by=report.filed_by,
        )
        content = report.content
        opened = opened_payload(
            case,
            summary=summary_of(item.triaged),
            position=content.reported_position,
            agency=content.reported_agency,
            tracking_code=report.tracking_code,
            channel=content.channel.value,
            received_at=report.received_at,
            reporters=reporters_of(report),
        )
        record = CaseRecord(
            dedup_key=decision.dedup_key,
            summary=opened.summary,
            report_meta=[meta_of(item.triaged, at=self.now)],
            categories=[c.value for c in decision.categories],
            review_reasons=list(decision.review_reasons),
            rules_fired=[r.model_dump() for r in decision.rules_fired],
            triage_basis=triage_basis(decision),
            reported_position=content.reported_position,
            reported_agency=content.reported_agency,
            triage_partition=item.partition,
            overflow_of=overflow_of,
        )
        if overflow_of is not None:
            case = self._overflow(plan, item, case, full_case_id=overflow_of)
        self._filing(plan, item, case.case_id)
        plan.cases.append(NewCase(case, record))
        context = EventContext(None, reporters_of(report), opened.summary, None, None)
        for envelope in envelopes(events, case, context=context, opened=opened, seed=item.event_id):
            plan.events.append(
                Outgoing(envelope, topics.CASES_EVENTS, case.case_id, item.trace.carrier())
            )

    def _overflow(
        self, plan: Plan, item: TriagedItem, case: CaseState, *, full_case_id: str
    ) -> CaseState:
        """Record the overflow on both cases; returns the new case with its own entry."""
        on_full, on_overflow = overflow_entries(
            full_case_id=full_case_id,
            overflow_case_id=case.case_id,
            limit=self.max_linked_reports,
            now=self.now,
            trace_id=item.trace.trace_id,
        )
        plan.overflows.append(CaseOverflow(full_case_id, case.case_id, on_full))
        status = {"from_status": case.status, "to_status": case.status}
        return case.model_copy(
            update={"timeline": (*case.timeline, on_overflow.model_copy(update=status))}
        )

    def _link(self, plan: Plan, item: TriagedItem, case_id: str, reports: int) -> None:
        report = item.triaged.report
        anonymous = report.reporter.anonymous
        entry = duplicate_link_entry(
            case_id=case_id,
            report_id=report.report_id,
            anonymous=anonymous,
            now=self.now,
            trace_id=item.trace.trace_id,
        )
        if report.filed_by is not None:  # a hotline report: its operator, by the link
            filer = {"filed_by": report.filed_by.operator_name, "channel": "hotline"}
            entry = entry.model_copy(update={"details": {**entry.details, **filer}})
        self._filing(plan, item, case_id)
        plan.links.append(
            CaseLink(
                report_id=report.report_id,
                case_id=case_id,
                anonymous=anonymous,
                linked_at=self.now,
                report_meta=meta_of(item.triaged, at=self.now),
                entry=entry,
                triage_partition=item.partition,
            )
        )
        decision = item.triaged.decision
        linked = CaseReportLinked(
            region_code=decision.region_code,
            routes=list(decision.routes),
            unit=next((r for r in decision.routes if r.startswith("BAWASLU:")), None),
            reporters=list(reporters_of(report)),
            case_id=case_id,
            report_id=report.report_id,
            linked_at=self.now,
            linked_reports=reports,
            tracking_code=report.tracking_code,
            channel=report.content.channel.value,
            received_at=report.received_at,
        )
        envelope = Envelope[Any](
            id=uuid.uuid5(item.event_id, EventType.REPORT_LINKED.value),
            source=SOURCE,
            type=EventType.REPORT_LINKED.value,
            subject=case_id,
            time=self.now,
            data=linked,
        )
        plan.events.append(Outgoing(envelope, topics.CASES_EVENTS, case_id, item.trace.carrier()))
