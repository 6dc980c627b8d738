"""Cases subscribers: reports in, cases opened or linked; deliveries onto timelines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from faststream.kafka import KafkaBroker
from pydantic import BaseModel

from schemas import topics
from schemas.envelope import Envelope
from schemas.events import NOTIFICATION_DELIVERED, REPORT_RECEIVED, REPORT_TRIAGED
from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged
from services.cases.adapters.repository import CaseRepository
from services.cases.domain.case_deadlines import DeadlinePolicy, default_deadline_policy
from services.cases.flows import link_duplicate, meta_of, open_case
from services.cases.storage import state_of
from services.common.kafka import Handler, subscribe
from services.common.logging import get_logger
from services.common.telemetry import current_trace_id, current_traceparent

log = get_logger(__name__)
CONSUMER = "cases"
LINK_ATTEMPTS = 5  # a staff edit may race the link; re-read and try again


class CaseIntake:
    """Applies `report.triaged`: a new case, or a link to the open case of its dedup key."""

    def __init__(
        self,
        *,
        repo: CaseRepository,
        election_type: str,
        wake_relay: Callable[[], None],
        policy: DeadlinePolicy | None = None,
    ) -> None:
        self.repo = repo
        self.election_type = election_type
        self.wake_relay = wake_relay
        self.policy = policy or default_deadline_policy()

    async def on_received(self, envelope: Envelope[BaseModel]) -> None:
        assert isinstance(envelope.data, ReportReceived)
        await self.repo.record_received(envelope.data)

    async def on_triaged(self, envelope: Envelope[BaseModel]) -> None:
        triaged = envelope.data
        assert isinstance(triaged, ReportTriaged)
        report_id = triaged.report.report_id
        holding = await self.repo.case_holding(report_id)
        case_id = holding["_id"] if holding else await self._open_or_link(triaged, envelope)
        await self.repo.attach_report(
            triaged.report, case_id=case_id, decision=triaged.decision.model_dump(mode="json")
        )
        self.wake_relay()
        log.info("report_filed", report_id=report_id, case_id=case_id)

    async def _open_or_link(self, triaged: ReportTriaged, envelope: Envelope[BaseModel]) -> str:
        trace = {"trace_id": current_trace_id(), "traceparent": current_traceparent()}
        for _ in range(LINK_ATTEMPTS):
            now = datetime.now(UTC)
            existing = await self.repo.open_case_for(triaged.decision.dedup_key)
            if existing is None:
                document = open_case(
                    triaged,
                    now=now,
                    election_type=self.election_type,
                    source_event_id=envelope.id,
                    policy=self.policy,
                    **trace,
                )
                await self.repo.insert_case(document)
                return str(document["_id"])
            case = state_of(existing)
            linked, outbox = link_duplicate(
                case, triaged, now=now, source_event_id=envelope.id, policy=self.policy, **trace
            )
            if await self.repo.save_change(
                linked,
                expected_version=case.version,
                entries=linked.timeline[len(case.timeline) :],
                outbox=outbox,
                also_push={"report_meta": meta_of(triaged, at=linked.timeline[-1].at)},
            ):
                return case.case_id
        raise RuntimeError("case kept changing while linking; the message will be retried")

    async def on_delivered(self, envelope: Envelope[BaseModel]) -> None:
        assert isinstance(envelope.data, NotificationDelivered)
        await self.repo.record_notification(envelope.data, trace_id=current_trace_id())


def register(broker: KafkaBroker, *, intake: CaseIntake, retry_backoff_s: float) -> None:
    def on(topic: str, event_type: str, handler: Handler) -> None:
        subscribe(
            broker,
            topic,
            group_id=f"netra-cases-{event_type}",
            consumer=CONSUMER,
            accept=frozenset({event_type}),
            handler=handler,
            retry_backoff_s=retry_backoff_s,
        )

    on(topics.REPORTS_RECEIVED, REPORT_RECEIVED, intake.on_received)
    on(topics.REPORTS_TRIAGED, REPORT_TRIAGED, intake.on_triaged)
    on(topics.NOTIFICATIONS_DELIVERED, NOTIFICATION_DELIVERED, intake.on_delivered)
