"""Delivering on fakes: the handler only plans, the worker sends once, retries with back-off
until delivered or dead, and every step is published for the case timeline."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from schemas import topics
from schemas.notifications import DeliveryStatus
from services.notify.domain.delivery_progress import DeliveryState, EntryKind
from tests.service.notify.delivery_world import FAST, World, case_event


async def test_the_handler_records_pending_deliveries_and_sends_nothing() -> None:
    world = await World(targets=(FAST, FAST + "/2")).start()
    assert await world.intake.take([case_event("CASE-1"), case_event("CASE-2")]) == 4
    assert len(world.log.planned) == 4 and world.log.entries == {}
    assert world.channel.attempts == 0 and world.publisher.published == []
    assert world.worker.queue_depth() == 4
    assert world.log.reads == 1  # the start-up load; planning never reads


async def test_a_round_delivers_each_once_and_publishes_delivered_with_the_trace() -> None:
    world = await World().start()
    await world.intake.take([case_event("CASE-1")])
    assert await world.round() == 1
    [arrival] = world.channel.arrived
    [outcome] = world.outcomes()
    assert outcome.notification_id == arrival.notification_id
    assert outcome.status is DeliveryStatus.DELIVERED and outcome.attempts == 1
    assert outcome.case_id == "CASE-1" and outcome.next_attempt_at is None
    [published] = world.publisher.on(topics.NOTIFICATIONS_DELIVERED)
    assert published.key == "CASE-1" and published.trace["traceparent"].startswith("00-111")
    assert arrival.traceparent is not None and arrival.traceparent.startswith("00-111")
    assert world.worker.queue_depth() == 0 and await world.round() == 0


async def test_a_redelivered_event_is_neither_planned_nor_sent_again() -> None:
    world = await World().start()
    event = case_event("CASE-1")
    await world.intake.take([event, event])
    await world.round()
    assert await world.intake.take([event]) == 0
    world.advance(3600)
    assert await world.round() == 0
    assert len(world.channel.arrived) == 1 and len(world.log.planned) == 1


async def test_drain_sends_everything_due_over_the_endpoint_cap() -> None:
    world = await World().start()  # two at a time per endpoint
    await world.intake.take([case_event(f"CASE-{n}") for n in range(7)])
    await world.worker.drain()
    assert len(world.channel.arrived) == 7 and len(world.log.entries) == 7
    assert world.worker.queue_depth() == 0


async def test_failures_back_off_exponentially_then_it_is_delivered() -> None:
    world = await World().start()
    world.channel.fail_next[FAST] = 2
    await world.intake.take([case_event()])
    await world.round()
    world.advance(2.4)  # first delay 5 s, jitter 0: half of it
    assert await world.round() == 0
    world.advance(0.1)
    assert await world.round() == 1
    world.advance(4.9)  # second delay: 10 s, half of it
    assert await world.round() == 0
    world.advance(0.1)
    await world.round()
    outcomes = world.outcomes()
    assert [o.status for o in outcomes] == [
        DeliveryStatus.FAILED,
        DeliveryStatus.FAILED,
        DeliveryStatus.DELIVERED,
    ]
    assert [o.attempts for o in outcomes] == [1, 2, 3]
    first = outcomes[0]
    assert first.next_attempt_at == first.finished_at + timedelta(seconds=2.5)
    assert first.detail == "HTTP 500"
    assert len(world.channel.arrived) == 1


async def test_a_refusal_is_dead_at_once_with_its_reason() -> None:
    world = await World().start()
    world.channel.refusing.add(FAST)
    await world.intake.take([case_event()])
    await world.round()
    [outcome] = world.outcomes()
    assert outcome.status is DeliveryStatus.DEAD and outcome.detail == "HTTP 410 (not retryable)"
    assert world.worker.count(DeliveryState.DEAD) == 1 and world.worker.queue_depth() == 0


async def test_an_endpoint_down_for_a_day_ends_dead_after_capped_delays() -> None:
    world = await World().start()
    world.channel.down.add(FAST)
    await world.intake.take([case_event()])
    for _ in range(60):
        await world.round()
        world.advance(3600)
    outcomes = world.outcomes()
    assert outcomes[-1].status is DeliveryStatus.DEAD
    assert outcomes[-1].detail == "HTTP 503 (gave up after retrying)"
    assert all(o.status is DeliveryStatus.FAILED for o in outcomes[:-1])
    span = outcomes[-1].finished_at - outcomes[0].finished_at
    assert timedelta(hours=20) < span <= timedelta(hours=24)
    gaps = [b.finished_at - a.finished_at for a, b in itertools.pairwise(outcomes)]
    assert max(gaps) <= timedelta(
        hours=1
    )  # max delay 1 h here (jitter 0: half of it, then hourly rounds)
    assert world.channel.arrived == []


async def test_pending_and_retrying_deliveries_survive_a_restart_and_go_once() -> None:
    world = await World().start()
    world.channel.fail_next[FAST] = 1
    await world.intake.take([case_event("CASE-1")])
    await world.round()  # CASE-1 failed once, retrying in 2.5 s
    await world.intake.take([case_event("CASE-2"), case_event("CASE-3")])  # never tried
    await world.restart()
    assert world.worker.queue_depth() == 3
    await world.round()
    assert {a.message.data["case_id"] for a in world.channel.arrived} == {"CASE-2", "CASE-3"}
    world.advance(2.5)
    await world.round()
    arrived = [a.notification_id for a in world.channel.arrived]
    assert len(arrived) == 3 == len(set(arrived))


async def test_delivered_before_a_restart_is_never_sent_again() -> None:
    world = await World().start()
    event = case_event()
    await world.intake.take([event])
    await world.round()
    await world.restart()
    assert world.worker.queue_depth() == 0
    await world.intake.take([event])  # the event redelivered after the restart
    world.advance(60)
    assert await world.round() == 0 and len(world.channel.arrived) == 1


async def test_a_step_the_store_refused_is_written_later_and_not_sent_again() -> None:
    world = await World().start()
    await world.intake.take([case_event()])
    world.log.down = True
    world.worker.dispatch_due()
    with pytest.raises(ConnectionError):
        await world.worker.settle()
    assert world.worker.steps.backlog == 2 and world.log.entries == {}
    world.log.down = False
    await world.worker.steps.flush()
    assert [e.kind for e in world.log.entries.values()] == [EntryKind.DELIVERED]
    assert len(world.outcomes()) == 1 and await world.round() == 0
    assert len(world.channel.arrived) == 1


async def test_queue_depth_and_the_oldest_waiting_age_for_the_metrics() -> None:
    world = await World().start()
    world.channel.down.add(FAST)
    await world.intake.take([case_event("CASE-1")])
    world.advance(30)
    await world.intake.take([case_event("CASE-2")])
    await world.round()
    world.advance(10)
    assert world.worker.queue_depth() == 2
    assert world.worker.oldest_pending_age_s() == 40.0
    assert world.worker.outcomes[("webhook", "failed")] == 2
