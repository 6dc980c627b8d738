"""Notify with two replicas over one delivery log: each delivery has one sender, the
owner of the case-event partition it was planned from, across rebalances and a crash."""

from __future__ import annotations

import dataclasses
from collections import Counter

from tests.service.notify.delivery_world import FAST, World, case_event


def replicas() -> tuple[World, World]:
    a = World()
    b = World(log=a.log, channel=a.channel, publisher=a.publisher, clock=a.clock)
    return a, b


def events(partition: int, count: int, first: int = 0) -> list:  # type: ignore[type-arg]
    return [
        dataclasses.replace(case_event(f"CASE-{partition}-{n}"), partition=partition)
        for n in range(first, first + count)
    ]


def sends(world: World) -> Counter[str]:
    return Counter(a.notification_id for a in world.channel.arrived)


async def test_each_replica_sends_only_what_its_partitions_planned() -> None:
    a, b = replicas()
    await a.worker.assign(frozenset({0, 1}))
    await b.worker.assign(frozenset({2}))
    await a.intake.take(events(0, 5) + events(1, 5))
    await b.intake.take(events(2, 5))
    assert {t.partition for t in a.worker.tracked.values()} == {0, 1}
    assert {t.partition for t in b.worker.tracked.values()} == {2}
    await a.worker.drain()
    assert len(sends(a)) == 10
    await b.worker.drain()
    assert len(sends(a)) == 15 and set(sends(a).values()) == {1}


async def test_a_rebalance_mid_send_hands_the_rest_over_without_a_second_send() -> None:
    a, b = replicas()
    a.channel.slow_s[FAST] = 0.2  # attempts are in flight when the partitions move
    await a.worker.assign(frozenset({0, 1, 2}))
    await a.intake.take(events(0, 4) + events(1, 12) + events(2, 4))
    started = a.worker.dispatch_due()  # pool of 8, two per endpoint: some in flight, rest waiting
    assert 0 < started < 20
    # The eager rebalance: every member's revocation completes before any assignment.
    await a.worker.revoke(frozenset({0, 1, 2}))
    assert a.worker.tracked == {} and len(sends(a)) == started  # in flight ended, none new
    await a.worker.assign(frozenset({0}))
    await b.worker.assign(frozenset({1, 2}))
    assert {t.partition for t in b.worker.tracked.values()} <= {1, 2}
    a.channel.slow_s.clear()
    await a.worker.drain()
    await b.worker.drain()
    assert len(sends(a)) == 20, "a delivery was lost in the hand-over"
    assert set(sends(a).values()) == {1}, "a delivery was sent by both replicas"


async def test_a_dead_replicas_pending_deliveries_are_sent_by_the_partitions_next_owner() -> None:
    a, b = replicas()
    await a.worker.assign(frozenset({0, 1}))
    a.channel.down.add(FAST)
    await a.intake.take(events(1, 3))
    await a.worker.drain()  # failed once each, retrying later
    assert sends(a) == Counter()
    # a dies (no revoke); the group gives its partitions to b after the session timeout
    a.channel.down.clear()
    await b.worker.assign(frozenset({0, 1}))
    a.advance(3600)
    await b.worker.drain()
    assert len(sends(b)) == 3 and set(sends(b).values()) == {1}
