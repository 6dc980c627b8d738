"""Publishing what the spool holds once the broker is back, oldest first.

Per item, so one report can never hold back the others:
- the broker away (a connection error or a timeout: the circuit is open, or Kafka does
  not answer) ends the pass without blaming the item: the next pass starts over;
- any other publish failure (the broker refuses this one report), or a disk error on
  reading or removing it, sets that report back (`FailingItems`: its own back-off,
  logged and counted) and the pass goes on; it is retried later, after the others;
- a report that cannot be decoded is set aside (quarantined) with the reason, counted in
  `netra_intake_spool_set_aside_total`, never dropped.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from services.common.item_retries import FailingItems
from services.common.logging import get_logger
from services.intake.service_layer.metrics import SPOOL_DEPTH, SPOOL_SET_ASIDE
from services.intake.service_layer.ports import ReportPublisher, Spool, UnreadableSpoolItem

log = get_logger(__name__)

BROKER_AWAY = (ConnectionError, TimeoutError)


@dataclass
class DrainPass:
    published: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    set_back: list[str] = field(default_factory=list)
    stopped_at: str | None = None


async def drain_spool(
    *, spool: Spool, publisher: ReportPublisher, publish_timeout_s: float, failing: FailingItems
) -> DrainPass:
    done = DrainPass()
    for name in spool.pending():
        if not failing.due(name):
            continue
        try:
            if not await _drain_one(spool, publisher, name, publish_timeout_s, done):
                break
        except Exception as exc:  # set back; the others go on
            failing.failed(name, exc)
            done.set_back.append(name)
        else:
            failing.succeeded(name)
    SPOOL_DEPTH.set(len(spool))
    if done.published:
        log.info("spool_drained", reports=len(done.published))
    return done


async def _drain_one(
    spool: Spool, publisher: ReportPublisher, name: str, publish_timeout_s: float, done: DrainPass
) -> bool:
    """Publish (or quarantine) one report; False when the broker is away (end the pass)."""
    try:
        event = spool.read(name)
    except UnreadableSpoolItem as exc:
        spool.set_aside(name, reason=str(exc))
        SPOOL_SET_ASIDE.inc()
        done.set_aside.append(name)
        log.error("spool_item_set_aside", item=name, why=str(exc))
        return True
    try:
        await asyncio.wait_for(publisher.publish(event), timeout=publish_timeout_s)
    except BROKER_AWAY as exc:
        done.stopped_at = name
        log.warning("spool_drain_paused", item=name, why=type(exc).__name__)
        return False
    spool.remove(name)
    done.published.append(name)
    return True
