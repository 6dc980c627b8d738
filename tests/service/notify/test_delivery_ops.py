"""Ops on deliveries (`netra deliveries`): list what waits, show one, retry a dead one;
a delivered one is never sent again, and a reporter's address is never shown."""

from __future__ import annotations

import dataclasses

from services.notify.domain.delivery_progress import DeliveryState, EntryKind
from services.notify.domain.plans import Audience
from services.notify.service_layer.delivery_ops import HIDDEN, RetryAnswer
from tests.service.notify.delivery_world import FAST, World, case_event


async def dead_world() -> World:
    world = await World().start()
    world.channel.refusing.add(FAST)
    await world.intake.take([case_event("CASE-1")])
    await world.round()
    return world


async def test_a_dead_delivery_is_listed_and_a_retry_sends_it_once_more() -> None:
    world = await dead_world()
    [dead] = world.ops().waiting(state=DeliveryState.DEAD, limit=10)
    assert dead.attempts == 1 and dead.target == FAST and "410" in dead.last_detail
    world.channel.refusing.clear()
    nid = dead.notification_id
    assert await world.ops().retry(nid, reason="endpoint fixed") is RetryAnswer.REQUEUED
    assert await world.round() == 1
    shown = await world.ops().show(nid)
    assert shown is not None and shown.state is DeliveryState.DELIVERED and shown.attempts == 2
    assert [s.kind for s in shown.steps] == [
        EntryKind.DEAD,
        EntryKind.REQUEUED,
        EntryKind.DELIVERED,
    ]
    assert shown.steps[1].detail == "endpoint fixed"
    assert await world.ops().retry(nid, reason="again") is RetryAnswer.ALREADY_DELIVERED
    assert await world.round() == 0 and len(world.channel.arrived) == 1


async def test_a_retry_is_kept_across_a_restart() -> None:
    world = await dead_world()
    [dead] = world.ops().waiting(state=DeliveryState.DEAD, limit=10)
    await world.ops().retry(dead.notification_id, reason="endpoint fixed")
    world.channel.refusing.clear()
    await world.restart()
    assert world.worker.queue_depth() == 1
    await world.round()
    assert len(world.channel.arrived) == 1


async def test_unknown_ids_and_a_cases_deliveries() -> None:
    world = await dead_world()
    assert await world.ops().retry("NTF-NONE", reason="x") is RetryAnswer.UNKNOWN
    assert await world.ops().show("NTF-NONE") is None
    [view] = await world.ops().of_case("CASE-1")
    assert view.state is DeliveryState.DEAD and await world.ops().of_case("CASE-2") == []


async def test_a_reporters_address_is_not_shown() -> None:
    world = await World().start()
    await world.intake.take([case_event()])
    [(nid, (planned, at))] = world.log.planned.items()
    world.log.planned[nid] = (dataclasses.replace(planned, audience=Audience.REPORTER), at)
    shown = await world.ops().show(nid)
    assert shown is not None and shown.target == HIDDEN
