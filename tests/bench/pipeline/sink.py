"""A webhook sink for every authority: answers 204 at once and notes what arrived.

A few lines of asyncio instead of a web framework: the sink shares the load generator's
process and the machine's two cores, so it must cost next to nothing. HTTP/1.1 keep-alive,
`Content-Length` bodies only (what aiohttp, notify's client, sends). Signatures are not
checked here: the e2e suite and tests/faults/webhook_receivers.py verify Standard
Webhooks signatures; this only counts arrivals per case and per `webhook-id` (the
notification id: tests/faults counts the same notification arriving twice). Each
recipient's path is `/hooks/<secret_ref>`; officials' bodies carry `case_id`.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections import defaultdict
from dataclasses import dataclass, field

import orjson

RESPONSE = b"HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n"
WEBHOOK_ID = b"webhook-id"  # Standard Webhooks


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    sock.setblocking(False)
    return sock


@dataclass
class WebhookSink:
    """Bound at construction, so the port is ours before the services are told of it;
    served once the event loop runs (`start`)."""

    sock: socket.socket = field(default_factory=lambda: _listening_socket())
    arrivals: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # webhook id -> its arrival times, and the webhook ids that arrived per case
    by_webhook_id: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    webhook_ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    total: int = 0
    unreadable: int = 0
    server: asyncio.Server | None = None
    connections: set[asyncio.StreamWriter] = field(default_factory=set)

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, sock=self.sock)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            for writer in list(self.connections):
                writer.close()  # ends the handlers' reads, so none is left for the loop to cancel
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 2)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections.add(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length, webhook_id = 0, ""
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    name = name.strip().lower()
                    if name == b"content-length":
                        length = int(value.strip())
                    elif name == WEBHOOK_ID:
                        webhook_id = value.strip().decode(errors="replace")
                body = await reader.readexactly(length) if length else b""
                self._note(body, webhook_id)
                writer.write(RESPONSE)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            # Only at shutdown. Ending normally spares asyncio's connection callback from
            # logging the cancellation as an error; nothing awaits this task.
            pass
        finally:
            self.connections.discard(writer)
            writer.close()

    def _note(self, body: bytes, webhook_id: str) -> None:
        self.total += 1
        try:
            case_id = orjson.loads(body)["case_id"]
        except (ValueError, KeyError, TypeError):
            self.unreadable += 1
            return
        now = time.monotonic()
        self.arrivals[str(case_id)].append(now)
        if webhook_id:
            self.by_webhook_id[webhook_id].append(now)
            self.webhook_ids[str(case_id)].add(webhook_id)
