"""The background task that files SMS/WhatsApp reports once their sender has finished."""

from __future__ import annotations

import asyncio

from services.intake.service_layer.inbound import InboundDesk


async def file_joined_reports_forever(desk: InboundDesk, *, interval_s: float) -> None:
    """Runs under the supervisor; first takes back what the journal kept before a restart."""
    desk.recover()
    while True:
        await desk.file_due()
        await asyncio.sleep(interval_s)
