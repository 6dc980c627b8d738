"""An attempt's log line: delivered at debug (the usual case, counted elsewhere), every
other outcome at info, with the same fields as before."""

from __future__ import annotations

import logging

import pytest

from services.notify.domain.delivery_progress import EntryKind, LogEntry
from services.notify.service_layer.attempt_log import attempt_line
from tests.service.notify.delivery_world import World, case_event


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        (EntryKind.DELIVERED, logging.DEBUG),
        (EntryKind.FAILED, logging.INFO),
        (EntryKind.DEAD, logging.INFO),
        (EntryKind.REQUEUED, logging.INFO),
    ],
)
async def test_only_a_delivered_attempt_is_logged_at_debug(kind: EntryKind, level: int) -> None:
    world = await World().start()
    await world.intake.take([case_event("CASE-7")])
    [tracked] = world.worker.tracked.values()
    nid = tracked.planned.notification_id
    said, fields = attempt_line(tracked, LogEntry(nid, 1, kind, world.clock.now()))
    assert said == level
    assert fields == {
        "notification_id": nid,
        "case_id": "CASE-7",
        "channel": "webhook",
        "endpoint": "webhook:https://fast.example.id",
        "status": kind.value,
        "attempts": 0,
    }
