"""The consumer's use case: case events -> planned deliveries recorded as pending.

The Kafka handler only plans: the planner says who is told over which channel, the log
records each planned delivery (one insert per batch; a notification id planned before is
left alone: a redelivered event, or one the cases service published again), the worker
pool takes up the new ones, and the batch commits. Nothing is sent here, so a slow or
dead endpoint never holds a partition up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from schemas.envelope import Envelope
from services.common.clock import Clock
from services.common.telemetry import TraceCarrier
from services.notify.domain.plans import PlannedDelivery
from services.notify.service_layer.delivering import DeliveryWorker
from services.notify.service_layer.delivery_ports import DeliveryPlanner
from services.notify.service_layer.ports import DeliveryLog


@dataclass(frozen=True)
class CaseEvent:
    """A case event and the trace it continues (its deliveries carry it on)."""

    envelope: Envelope[BaseModel]
    partition: int  # of the case events: the owner of that partition sends its deliveries
    trace: TraceCarrier = field(default_factory=dict)


@dataclass
class DeliveryIntake:
    planner: DeliveryPlanner
    log: DeliveryLog
    worker: DeliveryWorker
    clock: Clock

    async def take(self, events: Sequence[CaseEvent]) -> int:
        """Returns how many deliveries were newly planned."""
        # The worker must hold what the log holds before it is told of more: otherwise
        # a delivery sent just now could come back from the start-up load as pending.
        await self.worker.loaded.wait()
        by_partition: dict[int, dict[str, PlannedDelivery]] = {}
        for event in events:
            planned = by_partition.setdefault(event.partition, {})
            for p in await self.planner.plan(event.envelope, dict(event.trace)):
                planned.setdefault(p.notification_id, p)  # a batch may hold one event twice
        now, count = self.clock.now(), 0
        for partition, planned in by_partition.items():  # one insert per partition
            if not planned:
                continue
            before = await self.log.add_planned(list(planned.values()), at=now, partition=partition)
            new = [p for nid, p in planned.items() if nid not in before]
            self.worker.accept(new, at=now, partition=partition)
            count += len(new)
        return count
