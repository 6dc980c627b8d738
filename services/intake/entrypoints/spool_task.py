"""The background task that publishes spooled reports while the service runs."""

from __future__ import annotations

import asyncio

from services.common.item_retries import FailingItems
from services.intake.entrypoints.context import Intake
from services.intake.service_layer.spool_drain import drain_spool


async def drain_spool_forever(intake: Intake, *, interval_s: float, failing: FailingItems) -> None:
    """Runs under the supervisor: an error outside any one report (the spool directory
    unreadable) ends it, and the supervisor restarts it with back-off."""
    while True:
        await drain_spool(
            spool=intake.spool,
            publisher=intake.publisher,
            publish_timeout_s=intake.publish_timeout_s,
            failing=failing,
        )
        await asyncio.sleep(interval_s)
