"""The background task that publishes spooled reports while the service runs."""

from __future__ import annotations

import asyncio

from services.intake.entrypoints.context import Intake
from services.intake.service_layer.spool_drain import drain_spool


async def drain_spool_forever(intake: Intake, *, interval_s: float) -> None:
    while True:
        await drain_spool(
            spool=intake.spool,
            publisher=intake.publisher,
            publish_timeout_s=intake.publish_timeout_s,
        )
        await asyncio.sleep(interval_s)
