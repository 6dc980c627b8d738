"""One kept-alive aiohttp connection pool for the outbound HTTP channels (webhook, gateway).

Opened on the service's event loop (aiohttp binds a session to the loop it is created on,
and bootstrap runs before the loop starts). aiohttp rather than httpx: ~10x less CPU per
request (docs/decisions.md, "Throughput, measured").
"""

from __future__ import annotations

import aiohttp


class HttpPool:
    def __init__(self, *, timeout_s: float, max_connections: int) -> None:
        self.timeout_s = timeout_s
        self.max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.max_connections),
                # Bounded: connecting, and the whole exchange; a slow endpoint costs one
                # attempt at most this long, never a worker.
                timeout=aiohttp.ClientTimeout(total=self.timeout_s, connect=self.timeout_s / 2),
            )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("HttpPool used before open()")
        return self._session
