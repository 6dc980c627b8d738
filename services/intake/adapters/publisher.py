"""Publishes `report.received`; falls back to the fsynced spool when Kafka cannot ack."""

from __future__ import annotations

import asyncio
from typing import Literal

from faststream.kafka import KafkaBroker
from prometheus_client import Counter, Gauge

from schemas import topics
from schemas.codec import decode, encode
from schemas.envelope import Envelope
from schemas.reports import ReportReceived
from services.common.kafka import publish_event
from services.common.logging import get_logger
from services.intake.adapters.spool import Spool

log = get_logger(__name__)

ACCEPTED = Counter("netra_intake_reports_total", "Reports accepted", ["channel", "path"])
SPOOLED = Gauge("netra_intake_spool_depth", "Reports waiting in the local spool")

Outcome = Literal["published", "spooled"]


class ReportPublisher:
    def __init__(self, *, broker: KafkaBroker, spool: Spool, timeout_s: float) -> None:
        self.broker = broker
        self.spool = spool
        self.timeout_s = timeout_s

    async def publish(self, envelope: Envelope[ReportReceived]) -> Outcome:
        channel = envelope.data.content.channel.value
        try:
            await asyncio.wait_for(self._send(envelope), timeout=self.timeout_s)
        except Exception as exc:
            self.spool.put(envelope.data.report_id, encode(envelope))
            SPOOLED.set(len(self.spool))
            ACCEPTED.labels(channel=channel, path="spool").inc()
            log.warning("report_spooled", report_id=envelope.data.report_id, why=type(exc).__name__)
            return "spooled"
        ACCEPTED.labels(channel=channel, path="kafka").inc()
        return "published"

    async def _send(self, envelope: Envelope[ReportReceived]) -> None:
        await publish_event(
            self.broker, envelope, topic=topics.REPORTS_RECEIVED, key=envelope.data.report_id
        )

    async def drain_once(self) -> int:
        """Publish spooled reports oldest first; stop at the first failure."""
        sent = 0
        for path in self.spool.pending():
            envelope = decode(path.read_bytes())
            try:
                await asyncio.wait_for(self._send(envelope), timeout=self.timeout_s)  # type: ignore[arg-type]
            except Exception:
                break
            path.unlink()
            sent += 1
        SPOOLED.set(len(self.spool))
        if sent:
            log.info("spool_drained", reports=sent)
        return sent

    async def drain_forever(self, interval_s: float) -> None:
        while True:
            await self.drain_once()
            await asyncio.sleep(interval_s)
