"""A small asyncio SMTP server (RFC 5321) for the dev mail sink and the tests: no relaying.

What notify's sender (services/notify/adapters/smtp_client.py) and smtplib
use: HELO/EHLO, MAIL FROM, RCPT TO, DATA (dot-unstuffed), RSET, NOOP, VRFY, QUIT; EHLO
advertises SIZE, 8BITMIME, SMTPUTF8 and PIPELINING (commands may arrive several per
packet; each gets its reply, in order). An `asyncio.Protocol` over a byte buffer: a
message's end is one search, its unstuffing one `replace`, never a loop over its lines.
Out of sequence: 503. Syntax: 501. A command line over `COMMAND_LIMIT`: 500. A message
over `size_limit` (declared with SIZE= or sent): 552. Silent for `idle_s`: 421. What to
accept is the `SmtpHandler`'s: a refusal for a recipient, the reply to a message.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Protocol, cast

COMMAND_LIMIT = 2048  # RFC 5321 says 512; its extensions' parameters may need more
SIZE_LIMIT = 32 * 1024 * 1024
MAX_RECIPIENTS = 1000
IDLE_S = 300.0  # RFC 5321's 5 minutes; a session silent longer is closed with a 421
END = b"\r\n.\r\n"


@dataclass
class Envelope:
    mail_from: str
    rcpt_tos: list[str] = field(default_factory=list)
    content: bytes = b""  # as sent, dot-unstuffed, ending with the last line's CRLF


class SmtpHandler(Protocol):
    def refused_recipient(self, address: str) -> str | None:
        """A refusal reply ("550 ...") for this RCPT TO address, or None to accept it."""
        ...

    def message(self, envelope: Envelope) -> str:
        """The reply to a message received whole ("250 ...", or a refusal)."""
        ...


class SmtpSession(asyncio.Protocol):
    def __init__(self, server: SmtpServer) -> None:
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.greeted = False
        self.extended = False  # EHLO, not HELO: SMTPUTF8 may be asked for
        self.envelope: Envelope | None = None
        self.in_data = False
        self.too_big = False  # the message in DATA is past the size limit: only its tail kept
        self.scanned = 0  # how far the DATA buffer was searched for the end marker
        self.dropping = False  # inside an over-long command line: skip to its end
        self.active = 0.0  # the loop's time when the client last sent anything

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream transport, not always a subclass of asyncio.Transport (uvloop's is not).
        self.transport = cast(asyncio.Transport, transport)
        self.server.sessions.add(self)
        self.active = asyncio.get_running_loop().time()
        self.reply(f"220 {self.server.hostname} ESMTP Netra dev sink")

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.sessions.discard(self)

    def reply(self, line: str) -> None:
        assert self.transport is not None
        self.transport.write(line.encode("utf-8") + b"\r\n")

    def data_received(self, data: bytes) -> None:
        self.active = asyncio.get_running_loop().time()
        self.buffer += data
        while self.transport is not None and not self.transport.is_closing():
            if not (self.take_message() if self.in_data else self.take_command()):
                return

    def take_command(self) -> bool:
        end = self.buffer.find(b"\n")
        if end < 0:
            if len(self.buffer) > COMMAND_LIMIT:
                del self.buffer[:]
                if not self.dropping:
                    self.reply("500 5.5.2 Error: line too long")
                self.dropping = True
            return False
        line = bytes(self.buffer[:end]).rstrip(b"\r")
        del self.buffer[: end + 1]
        if self.dropping:
            self.dropping = False
        elif len(line) > COMMAND_LIMIT:
            self.reply("500 5.5.2 Error: line too long")
        else:
            self.command(line)
        return True

    def take_message(self) -> bool:
        # The buffer starts with the CRLF that ended "DATA", so an empty message and a
        # first line starting with "." look like every other line.
        end = self.buffer.find(END, self.scanned)
        if end < 0:
            self.scanned = max(0, len(self.buffer) - len(END) + 1)
            if len(self.buffer) > self.server.size_limit + 2:
                del self.buffer[: 1 - len(END)]  # too big: only what may start the end marker
                self.scanned, self.too_big = 0, True
            return False
        too_big = self.too_big or end > self.server.size_limit
        body = bytes(self.buffer[: end + 2]).replace(b"\r\n.", b"\r\n")[2:]
        del self.buffer[: end + len(END)]
        self.in_data = self.too_big = False
        envelope, self.envelope = self.envelope, None
        assert envelope is not None
        if too_big:
            self.reply("552 5.3.4 Error: message too big")
        else:
            envelope.content = body
            self.reply(self.server.handler.message(envelope))
        return True

    def command(self, line: bytes) -> None:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            self.reply("500 5.5.2 Error: not UTF-8")
            return
        verb, _, arg = text.partition(" ")
        verb = verb.upper()
        handle = COMMANDS.get(verb)
        if handle is None:
            self.reply(f'500 5.5.1 Error: command "{verb}" not recognized')
        else:
            handle(self, arg.strip())

    def helo(self, arg: str) -> None:
        if not arg:
            self.reply("501 5.5.4 Syntax: HELO hostname")
            return
        self.greeted, self.extended, self.envelope = True, False, None
        self.reply(f"250 {self.server.hostname}")

    def ehlo(self, arg: str) -> None:
        if not arg:
            self.reply("501 5.5.4 Syntax: EHLO hostname")
            return
        self.greeted, self.extended, self.envelope = True, True, None
        assert self.transport is not None
        lines = (self.server.hostname, f"SIZE {self.server.size_limit}", *EXTENSIONS)
        said = [f"250-{line}" for line in lines[:-1]] + [f"250 {lines[-1]}"]
        self.transport.write("\r\n".join(said).encode("utf-8") + b"\r\n")

    def mail(self, arg: str) -> None:
        if not self.greeted:
            self.reply("503 5.5.1 Error: send HELO first")
        elif self.envelope is not None:
            self.reply("503 5.5.1 Error: nested MAIL command")
        elif (parsed := _path(arg, "FROM:")) is None:
            self.reply("501 5.5.4 Syntax: MAIL FROM:<address>")
        elif (refusal := self.refused_params(parsed[1])) is not None:
            self.reply(refusal)
        else:
            self.envelope = Envelope(parsed[0])
            self.reply("250 OK")

    def refused_params(self, params: list[str]) -> str | None:
        for param in params:
            name, _, value = param.partition("=")
            name = name.upper()
            if name == "SIZE" and value.isdigit():
                if int(value) > self.server.size_limit:
                    return "552 5.3.4 Error: message size exceeds fixed maximum message size"
            elif name == "BODY" and value.upper() in ("7BIT", "8BITMIME"):
                continue  # the body is kept as bytes either way
            elif not (name == "SMTPUTF8" and not value and self.extended):
                return "555 5.5.4 MAIL FROM parameters not recognized or not implemented"
        return None

    def rcpt(self, arg: str) -> None:
        if self.envelope is None:
            self.reply("503 5.5.1 Error: need MAIL command")
        elif (parsed := _path(arg, "TO:")) is None or not parsed[0] or parsed[1]:
            self.reply("501 5.5.4 Syntax: RCPT TO:<address>")
        elif len(self.envelope.rcpt_tos) >= MAX_RECIPIENTS:
            self.reply("452 4.5.3 Error: too many recipients")
        elif (refusal := self.server.handler.refused_recipient(parsed[0])) is not None:
            self.reply(refusal)
        else:
            self.envelope.rcpt_tos.append(parsed[0])
            self.reply("250 OK")

    def data(self, arg: str) -> None:
        if arg:
            self.reply("501 5.5.4 Syntax: DATA")
        elif self.envelope is None:
            self.reply("503 5.5.1 Error: need MAIL command")
        elif not self.envelope.rcpt_tos:
            self.reply("503 5.5.1 Error: need RCPT command")
        else:
            self.in_data, self.scanned = True, 0
            self.buffer[:0] = b"\r\n"
            self.reply("354 End data with <CR><LF>.<CR><LF>")

    def rset(self, arg: str) -> None:
        if arg:
            self.reply("501 5.5.4 Syntax: RSET")
            return
        self.envelope = None
        self.reply("250 OK")

    def noop(self, _arg: str) -> None:
        self.reply("250 OK")

    def vrfy(self, _arg: str) -> None:
        self.reply("252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery")

    def quit(self, _arg: str) -> None:
        self.reply("221 2.0.0 Bye")
        assert self.transport is not None
        self.transport.close()


EXTENSIONS = ("8BITMIME", "SMTPUTF8", "PIPELINING")
COMMANDS = {
    "HELO": SmtpSession.helo,
    "EHLO": SmtpSession.ehlo,
    "MAIL": SmtpSession.mail,
    "RCPT": SmtpSession.rcpt,
    "DATA": SmtpSession.data,
    "RSET": SmtpSession.rset,
    "NOOP": SmtpSession.noop,
    "VRFY": SmtpSession.vrfy,
    "QUIT": SmtpSession.quit,
}


def _path(arg: str, keyword: str) -> tuple[str, list[str]] | None:
    """`FROM:<a@b> SIZE=10` -> ("a@b", ["SIZE=10"]); None when it is not that."""
    if arg[: len(keyword)].upper() != keyword:
        return None
    rest = arg[len(keyword) :].strip()
    if rest.startswith("<"):
        close = rest.find(">")
        if close < 0:
            return None
        address, params = rest[1:close], rest[close + 1 :].split()
    elif rest:
        address, *params = rest.split()
    else:
        return None
    if any(c in address for c in " <>"):
        return None
    return address, params


class SmtpServer:
    """Listens from `start()` to `close()`; `close()` also drops the open sessions."""

    def __init__(
        self,
        handler: SmtpHandler,
        *,
        hostname: str = "localhost",
        size_limit: int = SIZE_LIMIT,
        idle_s: float = IDLE_S,
    ) -> None:
        self.handler = handler
        self.hostname = hostname
        self.size_limit = size_limit
        self.idle_s = idle_s
        self.sessions: set[SmtpSession] = set()
        self._server: asyncio.Server | None = None
        self._sweep: asyncio.TimerHandle | None = None

    async def start(self, host: str, port: int) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: SmtpSession(self), host, port)
        self._sweep = loop.call_later(self.idle_s / 4, self.close_idle)

    def close_idle(self) -> None:
        # One timer for all sessions, not one reset per packet.
        loop = asyncio.get_running_loop()
        for session in [s for s in self.sessions if loop.time() - s.active > self.idle_s]:
            session.reply("421 4.4.2 Error: timeout exceeded")
            assert session.transport is not None
            session.transport.close()
        self._sweep = loop.call_later(self.idle_s / 4, self.close_idle)

    async def close(self) -> None:
        server, self._server = self._server, None
        if self._sweep is not None:
            self._sweep.cancel()
        if server is not None:
            server.close()
        for session in list(self.sessions):
            if session.transport is not None:
                session.transport.abort()
        if server is not None:
            await server.wait_closed()
