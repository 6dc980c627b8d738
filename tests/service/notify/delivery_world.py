"""A notify delivery pipeline on fakes: planner, log, worker, channel, publisher, clock."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from pydantic import BaseModel

from schemas import topics
from schemas.cases import CaseStatusChanged
from schemas.envelope import Envelope
from schemas.events import CASE_STATUS_CHANGED
from schemas.notifications import NotificationDelivered
from services.notify.domain.delivery_progress import Backoff
from services.notify.domain.plans import Addressee, ChannelName
from services.notify.service_layer.delivering import DeliveryWorker
from services.notify.service_layer.delivery_intake import CaseEvent, DeliveryIntake
from services.notify.service_layer.delivery_lanes import WorkerLimits
from services.notify.service_layer.delivery_ops import DeliveryOps
from services.notify.service_layer.delivery_steps import StepWriter
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.notify import InMemoryDeliveryLog, PlainRenderer, ScriptedChannel, TablePlanner

FAST = "https://fast.example.id/hook"
SLOW = "https://slow.example.id/hook"
BACKOFF = Backoff(first_delay_s=5.0, max_delay_s=3600.0, give_up_after_s=24 * 3600.0)
LIMITS = WorkerLimits(
    pool_size=8, per_endpoint=2, send_timeout_s=5.0, failures_to_open=3, open_for_s=60.0
)


def addressee(target: str, recipient: str = "BAWASLU:52") -> Addressee:
    return Addressee(recipient, "Bawaslu NTB", ChannelName.WEBHOOK, target)


def case_event(case_id: str = "CASE-1", n: int = 0) -> CaseEvent:
    data = CaseStatusChanged.model_validate(
        {
            "case_id": case_id,
            "from_status": "received",
            "to_status": "registered",
            "changed_at": "2024-11-04T08:00:00Z",
            "actor_role": "officer",
        }
    )
    envelope: Envelope[BaseModel] = Envelope[BaseModel](
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"{case_id}/{n}"),
        source="netra/cases",
        type=CASE_STATUS_CHANGED,
        subject=case_id,
        data=data,
    )
    return CaseEvent(envelope, 0, {"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01"})


@dataclass
class World:
    targets: tuple[str, ...] = (FAST,)
    limits: WorkerLimits = LIMITS
    clock: FakeClock = field(default_factory=FakeClock)
    log: InMemoryDeliveryLog = field(default_factory=InMemoryDeliveryLog)
    channel: ScriptedChannel = field(default_factory=ScriptedChannel)
    publisher: RecordingPublisher = field(default_factory=RecordingPublisher)

    def __post_init__(self) -> None:
        self.worker = self.new_worker()
        self.intake = self.new_intake(self.worker)

    def new_worker(self) -> DeliveryWorker:
        """A fresh process over the same log, channel and publisher (a restart)."""
        return DeliveryWorker(
            log=self.log,
            renderer=PlainRenderer(),
            channels={ChannelName.WEBHOOK: self.channel},
            steps=StepWriter(self.log, self.publisher),
            clock=self.clock,
            backoff=BACKOFF,
            limits=self.limits,
            jitter=lambda: 0.0,
        )

    def new_intake(self, worker: DeliveryWorker) -> DeliveryIntake:
        planner = TablePlanner([addressee(t, f"R{i}") for i, t in enumerate(self.targets)])
        return DeliveryIntake(planner, self.log, worker, self.clock)

    async def start(self) -> World:
        await self.worker.load()
        return self

    async def restart(self) -> None:
        self.worker = self.new_worker()
        self.intake = self.new_intake(self.worker)
        await self.worker.load()

    async def round(self) -> int:
        """Start what is due, let it finish, write its steps; returns how many started."""
        started = self.worker.dispatch_due()
        await self.worker.settle()
        return started

    def advance(self, seconds: float) -> None:
        self.clock.advance(timedelta(seconds=seconds))

    def outcomes(self) -> list[NotificationDelivered]:
        found = []
        for p in self.publisher.on(topics.NOTIFICATIONS_DELIVERED):
            assert isinstance(p.envelope.data, NotificationDelivered)
            found.append(p.envelope.data)
        return found

    def ops(self) -> DeliveryOps:
        return DeliveryOps(self.worker, self.log)
