"""A lean HTTP/1.1 client for the load generator: keep-alive connections, JSON bodies.

httpx cost about 2 ms of CPU per request here, and the load generator shares the
machine's two cores with the pipeline it measures (docs/decisions.md, "Throughput,
measured"). This speaks just what the bench needs to intake: POST with a
`Content-Length` body, answers framed by `Content-Length` or chunked.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]
# uvicorn closes a connection idle for 5 s (its keep-alive timeout): one idle longer than
# this is not reused, so a post never goes out on a connection the server is closing.
MAX_IDLE_S = 2.0


class HttpError(Exception):
    """No answer: the connection failed, closed early, spoke nonsense, or timed out."""


class ConnectionRefused(HttpError):
    """Nothing was sent: the server was not listening (e.g. restarting)."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class LeanClient:
    def __init__(self, base_url: str, *, max_connections: int, timeout_s: float) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout_s = timeout_s
        self.idle: list[tuple[Connection, float]] = []  # and since when
        self.slots = asyncio.Semaphore(max_connections)

    async def post_json(self, path: str, body: bytes) -> Answer:
        async with self.slots:
            connection = self._reusable()
            try:
                if connection is None:
                    connection = await asyncio.wait_for(
                        asyncio.open_connection(self.host, self.port), self.timeout_s
                    )
                answer, keep = await asyncio.wait_for(
                    self._exchange(connection, path, body), self.timeout_s
                )
            except ConnectionRefusedError as exc:
                raise ConnectionRefused(type(exc).__name__) from exc
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
                if connection is not None:
                    connection[1].close()
                raise HttpError(type(exc).__name__) from exc
            if keep:
                self.idle.append((connection, time.monotonic()))
            else:
                connection[1].close()
            return answer

    def _reusable(self) -> Connection | None:
        while self.idle:
            connection, since = self.idle.pop()
            if time.monotonic() - since < MAX_IDLE_S and not connection[0].at_eof():
                return connection
            connection[1].close()
        return None

    async def _exchange(
        self, connection: Connection, path: str, body: bytes
    ) -> tuple[Answer, bool]:
        reader, writer = connection
        writer.write(
            b"POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n%s"
            % (path.encode(), self.host.encode(), self.port, len(body), body)
        )
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head[:-4].split(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        headers = {}
        for line in lines:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        if headers.get(b"transfer-encoding") == b"chunked":
            payload = await _chunked(reader)
        else:
            payload = await reader.readexactly(int(headers.get(b"content-length", b"0")))
        return Answer(status, payload), headers.get(b"connection") != b"close"

    async def close(self) -> None:
        while self.idle:
            (_, writer), _ = self.idle.pop()
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers from intake: the final CRLF
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
