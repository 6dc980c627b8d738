"""Filing reports, a batch at a time, by inserting only: the cases service's hot path.

- report.received -> `reports` (so a tracking code answers before triage).
- report.triaged -> `reports`, `report_filings`, then a new case or a `case_links` entry,
  decided from the partition's state in memory (`filing_plan`); the events go out right
  after the inserts, before the consumer commits its offsets.
- notification.delivered -> `case_notifications`.

Nothing here reads or updates the store per report. A duplicate key on insert means the
item was written by an earlier delivery of the batch. Only then (a redelivery, rare) are
the filings of those reports read back, so a report on a case never lands on a second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.vocabulary import ElectionType
from services.cases.service_layer import partition_rebuild
from services.cases.service_layer.filing_plan import Filer, Plan, TriagedItem
from services.cases.service_layer.journal_ports import ClosureFeed, PartitionJournal
from services.cases.service_layer.partition_state import PartitionStates
from services.cases.service_layer.ports import Delivery, FilingLog, OpenCases
from services.common.clock import Clock
from services.common.logging import get_logger
from services.common.publishing import EventPublisher

log = get_logger(__name__)


@dataclass(frozen=True)
class DeliveryItem:
    delivered: NotificationDelivered
    trace_id: str | None


async def record_received(*, filing_log: FilingLog, reports: Sequence[ReportReceived]) -> None:
    """Remember reports before triage; a report already recorded keeps its first record."""
    await filing_log.insert_reports(reports)


async def record_deliveries(*, filing_log: FilingLog, deliveries: Sequence[DeliveryItem]) -> int:
    """Each delivery attempt's outcome once (per notification id and attempt count);
    returns how many were new."""
    already = await filing_log.insert_deliveries(
        [Delivery(d.delivered, d.trace_id) for d in deliveries]
    )
    keys = {f"{d.delivered.notification_id}#{d.delivered.attempts}" for d in deliveries}
    return len(keys - already)


@dataclass
class TriagedFiling:
    """The triaged consumer's use case and the partition state it owns."""

    filing_log: FilingLog
    open_cases: OpenCases
    publisher: EventPublisher
    policy: DeadlinePolicy
    clock: Clock
    default_election: ElectionType
    states: PartitionStates
    max_linked_reports: int  # a flood of one dedup key spills into overflow cases
    journal: PartitionJournal
    closures: ClosureFeed
    snapshot_every: int  # batches of a partition between two snapshots of its state
    snapshots: partition_rebuild.SnapshotSaver = field(init=False)

    def __post_init__(self) -> None:
        self.snapshots = partition_rebuild.SnapshotSaver(self.journal)

    async def assigned(self, partitions: frozenset[int]) -> None:
        """Rebuild the state of newly assigned partitions (`partition_rebuild`)."""
        await partition_rebuild.rebuild(
            partitions,
            journal=self.journal,
            closures=self.closures,
            open_cases=self.open_cases,
            states=self.states,
        )

    async def revoked(self, partitions: frozenset[int]) -> None:
        """Save what the next owner starts from, then forget it."""
        await self.snapshots.settled()
        positions = self.closures.positions()
        for partition in sorted(partitions):
            if self.states.unsaved(partition):
                await partition_rebuild.save(self.journal, self.states, partition, positions)
        self.states.revoke(partitions)

    def case_closed(self, case_id: str) -> None:
        self.states.closed(case_id)

    async def file(self, items: Sequence[TriagedItem]) -> dict[str, str]:
        """File a batch; returns report id -> the case that holds it now."""
        if not items:
            return {}
        missing = frozenset(i.partition for i in items) - self.states.owned()
        if missing:  # no assignment seen (a test, a lost hook): rebuild before deciding
            await self.assigned(missing)
        batch = list(items)
        filer = Filer(self.policy, self.default_election, self.clock.now(), self.max_linked_reports)
        plan = filer.plan(batch, self.states, {})
        await self.filing_log.insert_reports([i.triaged.report for i in batch])
        already = await self.filing_log.insert_filings(plan.filings)
        if already:
            plan = await self._replan(filer, batch, plan, already)
        await self.filing_log.insert_cases(plan.cases)
        await self.filing_log.insert_links(plan.links)
        if plan.overflows:  # rare (a flooded incident): no extra round trip otherwise
            await self.filing_log.insert_overflows(plan.overflows)
        spans = _spans(batch)
        positions = self.closures.positions()
        await self.journal.record(partition_rebuild.deltas_of(plan.changes, spans, positions))
        await self.publisher.publish_all(plan.events)  # acknowledged before the commit
        self.states.apply(plan.changes)
        self.states.advance(spans)
        for partition in sorted(spans):
            if self.states.unsaved(partition) >= self.snapshot_every:
                self.snapshots.save_later(self.states, partition, positions)
        return {f.report_id: f.case_id for f in plan.filings}

    async def _replan(
        self, filer: Filer, batch: list[TriagedItem], first: Plan, already: set[str]
    ) -> Plan:
        """A redelivery: decide again knowing where the store says those reports are."""
        filed = await self.filing_log.filed_on(sorted(already))
        plan = filer.plan(batch, self.states, filed)
        for filing in plan.filings:
            if filing.report_id not in already and first.case_of(filing.report_id) != (
                filing.case_id
            ):
                await self.filing_log.refile(filing)
        log.info("batch_redelivered", reports=len(already))
        return plan


def _spans(batch: Sequence[TriagedItem]) -> dict[int, tuple[int, int]]:
    """Per partition, the first and last offset of the batch's records."""
    spans: dict[int, tuple[int, int]] = {}
    for item in batch:
        first, last = spans.get(item.partition, (item.offset, item.offset))
        spans[item.partition] = (min(first, item.offset), max(last, item.offset))
    return spans
