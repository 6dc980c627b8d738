"""Publishes the events each case document carries in its outbox, then removes them.

At-least-once: a crash between publish and removal republishes, and every consumer
is idempotent by event id. Each event is sent under the trace it was written in.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from faststream.kafka import KafkaBroker
from opentelemetry import context as otel_context
from opentelemetry.propagate import extract

from schemas import topics
from services.cases.adapters.repository import CaseRepository
from services.common.logging import get_logger

log = get_logger(__name__)


class OutboxRelay:
    def __init__(
        self, *, repo: CaseRepository, broker: KafkaBroker, poll_interval_s: float
    ) -> None:
        self.repo = repo
        self.broker = broker
        self.poll_interval_s = poll_interval_s
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def relay_once(self) -> int:
        published = 0
        for case in await self.repo.pending_outbox():
            for entry in case.get("outbox", []):
                await self._publish(entry)
                published += 1
            await self.repo.clear_outbox(case["_id"], version=case["version"])
        return published

    async def _publish(self, entry: dict[str, Any]) -> None:
        parent = (
            extract({"traceparent": entry["traceparent"]}) if entry.get("traceparent") else None
        )
        token = otel_context.attach(parent) if parent is not None else None
        try:
            await self.broker.publish(
                entry["envelope"],
                topic=topics.CASES_EVENTS,
                key=entry["key"].encode(),
                headers={"ce_type": entry["type"], "ce_id": entry["id"]},
            )
        finally:
            if token is not None:
                otel_context.detach(token)

    async def run_forever(self, ready: asyncio.Event) -> None:
        await ready.wait()
        while True:
            try:
                await self.relay_once()
            except Exception:
                log.exception("outbox_relay_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval_s)
            self._wake.clear()
