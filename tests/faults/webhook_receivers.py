"""Real HTTP webhook receivers for notify's fault tests, each on its own port (one
endpoint each: caps and circuits are per origin), served by one event loop on a thread.

A receiver verifies each Standard Webhooks signature with its recipient's secret (a call
that does not verify is refused, 401, and counted in `unverified`), counts arrivals by
`webhook-id` (the notification id), notes when each came (monotonic clock, the test's
own) and which case it was for; it can be slow (`delay_s` per request) or down (`status`
503 until set back to 204).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import defaultdict
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson
from aiohttp import web

from services.common.standard_webhooks import SignatureRefused, verify
from services.notify.adapters.secret_files import new_webhook_secret
from tests.infra import free_ports

T = TypeVar("T")


@dataclass
class Receiver:
    port: int
    secret: str = field(default_factory=new_webhook_secret)  # the recipient's own
    delay_s: float = 0.0
    status: int = 204
    arrivals: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    case_of: dict[str, str] = field(default_factory=dict)
    refused: int = 0
    unverified: int = 0
    requests: int = 0  # requests begun (a slow receiver answers each one much later)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        body = await request.read()
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.status >= 300:
            self.refused += 1
            return web.Response(status=self.status)
        try:
            webhook_id = verify(
                secret=self.secret, headers=request.headers, body=body, now=datetime.now(UTC)
            ).webhook_id
        except SignatureRefused:
            self.unverified += 1
            return web.Response(status=401)
        self.arrivals[webhook_id].append(time.monotonic())
        self.case_of[webhook_id] = str(orjson.loads(body)["case_id"])
        return web.Response(status=self.status)

    def distinct(self) -> int:
        return len(self.arrivals)

    def duplicates(self) -> int:
        return sum(len(times) - 1 for times in self.arrivals.values())


class Receivers:
    """`count` receivers on free ports; `stop()` when done."""

    def __init__(self, count: int) -> None:
        self.all = [Receiver(port) for port in free_ports(count)]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._runners = [self._call(self._serve(r)) for r in self.all]

    async def _serve(self, receiver: Receiver) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/hook", receiver.handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", receiver.port).start()
        return runner

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(30)

    def read(self, receiver: Receiver) -> tuple[dict[str, list[float]], dict[str, str]]:
        """A copy made on the receivers' loop."""

        async def copy() -> tuple[dict[str, list[float]], dict[str, str]]:
            return {k: list(v) for k, v in receiver.arrivals.items()}, dict(receiver.case_of)

        return self._call(copy())

    def stop(self) -> None:
        async def cleanup() -> None:
            for runner in self._runners:
                await runner.cleanup()
            # A slow receiver's handlers still asleep: ended here, not destroyed pending.
            left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)

        self._call(cleanup())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
