"""Email over kept-open SMTP sessions (adapters/smtp_sessions.py), against a real aiosmtpd.

Emails to one relay share a session, up to `messages_per_connection`; a relay that went
away between two emails (restarted, or dropped the idle client) costs nothing: the next
email goes out on a fresh session in the same attempt.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from services.common.clock import SystemClock
from services.notify.adapters.email import EmailChannel, SmtpServer
from services.notify.adapters.smtp_sessions import SmtpSessions
from services.notify.domain.plans import Addressee, ChannelName, Message
from tests.infra import free_ports

MESSAGE = Message(
    subject="[Netra] Kasus baru", text="Kasus baru CASE-1.", html="<p>CASE-1</p>", data={}
)
TO = Addressee(
    "bawaslu-lampung", "Bawaslu Lampung", ChannelName.EMAIL, "lampung@bawaslu.test", "id", None
)


@dataclass
class PeerCounting:
    """Which client connection (its address) carried each message."""

    peers: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.peers.append(str(session.peer))
        return "250 OK"


@dataclass
class Relay:
    port: int
    handler: PeerCounting = field(default_factory=PeerCounting)
    controller: Any = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


@contextmanager
def relay() -> Iterator[Relay]:
    running = Relay(free_ports(1)[0])
    running.start()
    try:
        yield running
    finally:
        running.stop()


def channel(port: int, per_connection: int) -> EmailChannel:
    server = SmtpServer("127.0.0.1", port, "notifikasi@netra.test", 5, False, None, None)
    sessions = SmtpSessions(messages_per_connection=per_connection)
    return EmailChannel(server=server, clock=SystemClock(), sessions=sessions)


async def send_three(email: EmailChannel) -> list[bool]:
    return [
        (await email.send(addressee=TO, notification_id=f"NTF-{n}", message=MESSAGE)).delivered
        for n in range(3)
    ]


async def test_emails_to_one_relay_share_a_session() -> None:
    with relay() as running:
        email = channel(running.port, per_connection=50)
        delivered = await send_three(email)
        await email.close()
    assert delivered == [True, True, True]
    assert len(running.handler.peers) == 3 and len(set(running.handler.peers)) == 1


async def test_a_session_ends_after_its_message_limit() -> None:
    with relay() as running:
        email = channel(running.port, per_connection=2)
        delivered = await send_three(email)
        await email.close()
    peers = running.handler.peers
    assert delivered == [True, True, True]
    assert peers[0] == peers[1] != peers[2]


async def test_a_relay_restarted_between_emails_takes_the_next_on_a_fresh_session() -> None:
    with relay() as running:
        email = channel(running.port, per_connection=50)
        first = await email.send(addressee=TO, notification_id="NTF-1", message=MESSAGE)
        running.stop()  # the kept session dies with it
        running.start()
        second = await email.send(addressee=TO, notification_id="NTF-2", message=MESSAGE)
        await email.close()
    assert first.delivered and second.delivered
    assert len(running.handler.peers) == 2 and len(set(running.handler.peers)) == 2


async def test_a_session_the_relay_spoke_to_unasked_is_not_reused() -> None:
    """A relay about to drop an idle client says 421 first, before closing: the next email
    goes on a fresh session, not on one whose next reply is that 421."""
    connections: list[int] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(len(connections))
        writer.write(b"220 relay ESMTP\r\n")
        await reader.readline()
        writer.write(b"250-relay\r\n250 PIPELINING\r\n")
        for _ in range(3):
            await reader.readline()
        writer.write(b"250 OK\r\n250 OK\r\n354 go on\r\n")
        await reader.readuntil(b"\r\n.\r\n")
        writer.write(b"250 queued\r\n421 4.4.2 idle too long, closing soon\r\n")
        await reader.read()  # and it keeps the connection open a while

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    email = channel(server.sockets[0].getsockname()[1], per_connection=50)
    try:
        first = await email.send(addressee=TO, notification_id="NTF-1", message=MESSAGE)
        await asyncio.sleep(0.05)  # the 421 arrives while the session is idle
        second = await email.send(addressee=TO, notification_id="NTF-2", message=MESSAGE)
    finally:
        await email.close()
        server.close()
    assert (first.delivered, second.delivered) == (True, True)
    assert connections == [0, 1]
