"""One trace per staff action (issue 14 item 6): what a link or a split writes on BOTH cases
(the receiving case and the one the report leaves) carries the request's trace into the
outbox, and the relay publishes every such event under it; also when the recovery pass,
not the request, finishes the move. Before, the giving case's `case.report_unlinked` was
written without a traceparent and so was published as a trace of its own."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import topics
from schemas.envelope import Envelope
from services.cases.service_layer import links
from services.cases.service_layer.outbox_relay import relay_once
from services.common.item_retries import FailingItems
from services.common.telemetry import current_traceparent
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.clock import FakeClock
from tests.service.cases.staff_support import fake_staff_world
from tests.service.cases.test_move_recovery import BAWASLU, Crash, crashing, recovery
from tests.unit.cases.packaged_rules import packaged_policy

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


class TracingPublisher:
    """Keeps, per published event, the trace id the relay published it under."""

    def __init__(self) -> None:
        self.traces: list[tuple[str, str, str | None]] = []

    async def publish(self, envelope: Envelope[Any], *, topic: str, key: str) -> None:
        assert topic == topics.CASES_EVENTS
        current = current_traceparent()
        self.traces.append((key, envelope.type, current.split("-")[1] if current else None))

    async def publish_all(self, events: Any) -> None:
        raise AssertionError("the relay publishes one entry at a time")


async def relayed(store: InMemoryCaseStore) -> list[tuple[str, str, str | None]]:
    publisher = TracingPublisher()
    failing = FailingItems("trace_test", base_s=0, max_s=0)
    await relay_once(outbox=store, publisher=publisher, failing=failing)
    return publisher.traces


def timeline_traces(store: InMemoryCaseStore, case_id: str, action: str) -> list[str | None]:
    return [e["trace_id"] for e in store.document(case_id)["timeline"] if e["action"] == action]


async def test_a_link_publishes_both_cases_events_under_the_requests_trace() -> None:
    world = fake_staff_world(packaged_policy())
    target, _ = await world.seed()
    source, _ = await world.seed(dedup_key="viral")
    _, moved = await world.seed(dedup_key="viral")
    fake = world.store
    assert isinstance(fake, InMemoryCaseStore)
    await relayed(fake)  # what the seeding left: not this action's
    await links.link_report(
        store=fake,
        policy=packaged_policy(),
        clock=FakeClock(),
        actor=BAWASLU,
        case_id=target,
        report_id=moved,
        reason="kejadian yang sama",
        trace_id=TRACE_ID,
        traceparent=TRACEPARENT,
    )
    assert timeline_traces(fake, target, "link_report")[-1] == TRACE_ID
    assert timeline_traces(fake, source, "unlink_report") == [TRACE_ID]
    traces = await relayed(fake)
    assert {(case, kind) for case, kind, _ in traces} == {
        (target, "case.report_linked"),
        (source, "case.report_unlinked"),
    }
    assert {trace for _, _, trace in traces} == {TRACE_ID}


@pytest.mark.parametrize("action", ["link", "split"])
async def test_a_move_finished_by_recovery_stays_in_the_requests_trace(action: str) -> None:
    world = fake_staff_world(packaged_policy())
    target, _ = await world.seed()
    source, _ = await world.seed(dedup_key="viral")
    _, moved = await world.seed(dedup_key="viral")
    store = crashing(world)
    await relayed(store)
    store.crash_case = source  # dies before the giving case is written
    common: dict[str, Any] = dict(
        store=store,
        policy=packaged_policy(),
        clock=FakeClock(),
        actor=BAWASLU,
        report_id=moved,
        reason="alasan staf",
        trace_id=TRACE_ID,
        traceparent=TRACEPARENT,
    )
    with pytest.raises(Crash):
        if action == "link":
            await links.link_report(case_id=target, **common)
        else:
            await links.split_report(case_id=source, **common)
    assert await recovery(store).complete_all() == 1
    assert timeline_traces(store, source, "unlink_report") == [TRACE_ID]
    traces = await relayed(store)
    assert (source, "case.report_unlinked", TRACE_ID) in traces
    assert {trace for _, _, trace in traces} == {TRACE_ID}
