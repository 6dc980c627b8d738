"""Closures made on another replica reach this one through `case.status_changed` on Kafka."""

from __future__ import annotations

import asyncio
import uuid

from faststream.kafka import KafkaBroker

from schemas import topics
from schemas.cases import CaseStatusChanged
from schemas.envelope import Envelope, utcnow
from schemas.events import CASE_STATUS_CHANGED
from services.cases.entrypoints.closures import follow_closures
from services.common.kafka import publish_event
from services.common.topics_admin import ensure_topics
from tests.infra import SessionInfra


def changed(case_id: str, to_status: str) -> Envelope[CaseStatusChanged]:
    data = CaseStatusChanged(
        case_id=case_id,
        from_status="received",
        to_status=to_status,
        changed_at=utcnow(),
        actor_role="bawaslu",
        reason="x",
        routes=["BAWASLU:18.12"],
    )
    return Envelope[CaseStatusChanged](
        source="test", type=CASE_STATUS_CHANGED, subject=case_id, data=data
    )


async def test_a_terminal_status_change_is_reported_and_others_are_not(
    infra: SessionInfra,
) -> None:
    await ensure_topics(infra.kafka_bootstrap, [topics.spec(topics.CASES_EVENTS)])
    closed: list[str] = []
    listener, sender = KafkaBroker(infra.kafka_bootstrap), KafkaBroker(infra.kafka_bootstrap)
    follow_closures(listener, closed=closed.append)
    await listener.start()
    await sender.start()
    try:
        run = uuid.uuid4().hex[:8]
        for attempt in range(60):  # the listener starts at the end: publish until it reads
            await publish_event(
                sender,
                changed(f"CASE-{run}-open-{attempt}", "preliminary_review"),
                topic=topics.CASES_EVENTS,
                key="k",
            )
            await publish_event(
                sender,
                changed(f"CASE-{run}-{attempt}", "withdrawn"),
                topic=topics.CASES_EVENTS,
                key="k",
            )
            await asyncio.sleep(0.5)
            if any(c.startswith(f"CASE-{run}-") for c in closed):
                break
        ours = [c for c in closed if c.startswith(f"CASE-{run}-")]
        assert ours and not any("-open-" in c for c in ours)
    finally:
        await sender.stop()
        await listener.stop()
