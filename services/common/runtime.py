"""Process runtime shared by services: broker connection that survives a late Kafka."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from faststream.kafka import KafkaBroker

from services.common.logging import get_logger
from services.common.offset_commits import settle_commits

log = get_logger(__name__)


class BrokerConnection:
    """Starts the broker in the background, retrying until Kafka answers."""

    def __init__(
        self, broker: KafkaBroker, *, retry_s: float = 2.0, ping_timeout_s: float = 1.0
    ) -> None:
        self.broker = broker
        self.retry_s = retry_s
        self.ping_timeout_s = ping_timeout_s
        self.ready = asyncio.Event()

    async def reachable(self) -> bool:
        """Connected once and answering now: `ready` alone stays set after Kafka goes away."""
        if not self.ready.is_set():
            return False
        try:
            return bool(await self.broker.ping(timeout=self.ping_timeout_s))
        except Exception:
            return False

    async def _connect_forever(self) -> None:
        while True:
            try:
                await self.broker.start()
            except Exception as exc:
                log.warning("kafka_unavailable_retrying", why=str(exc) or type(exc).__name__)
                with contextlib.suppress(Exception):
                    await self.broker.stop()
                await asyncio.sleep(self.retry_s)
                continue
            self.ready.set()
            log.info("kafka_connected")
            return

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        task = asyncio.create_task(self._connect_forever())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await settle_commits(self.broker)
            await self.broker.stop()
