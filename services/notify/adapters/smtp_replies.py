"""The reading side of an SMTP connection (adapters/smtp_client.py): replies parsed as they
arrive and handed, in order, to the commands waiting for them; and what a relay's replies
raise.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

MAX_REPLY_BYTES = 64 * 1024  # a reply longer than this is not an SMTP server talking


class SmtpError(Exception):
    """The relay did not do what the session needs (no STARTTLS offered, no SMTPUTF8...)."""


class SmtpReplyError(SmtpError):
    """A reply other than the one a command needs: its code and text, as the relay said."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message


class SmtpRecipientsRefused(SmtpError):
    """Every recipient of the message was refused (each refusal's reply)."""

    def __init__(self, refusals: Sequence[SmtpReplyError]) -> None:
        super().__init__("; ".join(str(r) for r in refusals))
        self.refusals = tuple(refusals)


class SmtpStale(ConnectionError):
    """The connection was gone before the message's content went out: the relay has not
    seen it, so it may go out on a fresh connection without being a repeat."""


@dataclass(frozen=True)
class Reply:
    code: int
    message: str  # the lines' text, joined by "\n"

    def error(self) -> SmtpReplyError:
        return SmtpReplyError(self.code, self.message)


class Replies(asyncio.Protocol):
    """The connection's reading side: complete replies, each to the oldest waiting command."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.lines: list[str] = []
        self.waiting: deque[asyncio.Future[Reply]] = deque()
        self.unasked: deque[Reply] = deque()  # said before anything waited (a 421, a banner)
        self.lost: Exception | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream transport, not always a subclass of asyncio.Transport (uvloop's is not).
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = exc or ConnectionResetError("the relay closed the connection")
        self.transport = None
        while self.waiting:
            waiter = self.waiting.popleft()
            if not waiter.done():
                waiter.set_exception(SmtpStale(str(self.lost)))

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\n")) >= 0:
            line = bytes(self.buffer[: end + 1])
            del self.buffer[: end + 1]
            self._line(line)
        if len(self.buffer) > MAX_REPLY_BYTES and self.transport is not None:
            self.transport.abort()

    def _line(self, line: bytes) -> None:
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        if len(text) < 3 or not text[:3].isdigit() or text[3:4] not in ("", " ", "-"):
            if self.transport is not None:  # not SMTP: never guess which command it answers
                self.transport.abort()
            return
        self.lines.append(text[4:].strip())
        if text[3:4] == "-":
            return
        reply = Reply(int(text[:3]), "\n".join(self.lines))
        self.lines = []
        while self.waiting:
            waiter = self.waiting.popleft()
            if not waiter.done():  # one whose command timed out is skipped, not answered
                waiter.set_result(reply)
                return
        self.unasked.append(reply)

    def expect(self, count: int) -> list[asyncio.Future[Reply]]:
        """Futures for the next `count` replies, in order."""
        loop = asyncio.get_running_loop()
        futures: list[asyncio.Future[Reply]] = []
        for _ in range(count):
            future: asyncio.Future[Reply] = loop.create_future()
            if self.unasked:
                future.set_result(self.unasked.popleft())
            elif self.lost is not None:
                future.set_exception(SmtpStale(str(self.lost)))
            else:
                self.waiting.append(future)
            futures.append(future)
        return futures
