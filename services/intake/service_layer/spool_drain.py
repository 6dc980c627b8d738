"""Publishing what the spool holds once the broker is back, oldest first.

A publish failure ends the pass: the broker is most likely still away, and the next
pass keeps the order. An unreadable item is set aside for an operator and the pass
goes on, so one bad file cannot hold back the reports behind it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from services.common.logging import get_logger
from services.intake.service_layer.metrics import SPOOL_DEPTH
from services.intake.service_layer.ports import ReportPublisher, Spool, UnreadableSpoolItem

log = get_logger(__name__)


@dataclass
class DrainPass:
    published: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    stopped_at: str | None = None


async def drain_spool(
    *, spool: Spool, publisher: ReportPublisher, publish_timeout_s: float
) -> DrainPass:
    done = DrainPass()
    for name in spool.pending():
        try:
            event = spool.read(name)
        except UnreadableSpoolItem as exc:
            spool.set_aside(name)
            done.set_aside.append(name)
            log.error("spool_item_unreadable", item=name, why=str(exc))
            continue
        try:
            await asyncio.wait_for(publisher.publish(event), timeout=publish_timeout_s)
        except Exception as exc:
            done.stopped_at = name
            log.warning("spool_drain_paused", item=name, why=type(exc).__name__)
            break
        spool.remove(name)
        done.published.append(name)
    SPOOL_DEPTH.set(len(spool))
    if done.published:
        log.info("spool_drained", reports=len(done.published))
    return done
