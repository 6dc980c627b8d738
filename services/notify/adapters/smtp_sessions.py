"""SMTP sessions to the relay kept open and used for message after message.

A connection per email cost notify more CPU than the email itself (docs/decisions.md,
"Notify: where the pipeline's notify spent its CPU"): the TCP connect, the banner, EHLO
(and STARTTLS and AUTH when set), QUIT, and aiosmtplib's `socket.getfqdn()` in a worker
thread for each EHLO. Now a session that just delivered goes back to a small idle stack
and the next email of the same relay takes it; one attempt uses one session at a time, so
there are at most as many as attempts run at once on the relay (NOTIFY_ENDPOINT_CONCURRENCY).

Reused only while it is safe to: a session that raised anything (a refusal, a lost
connection, a cancelled attempt) is closed, never put back; one idle longer than
`IDLE_S` (relays drop idle clients after a minute or more) or that has carried
`messages_per_connection` messages is ended. A reused session found dead when the
message goes out (the relay closed it meanwhile) is replaced by a fresh one for the same
attempt, once: the attempt's outcome is then as it was with a connection of its own.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib

# Under what relays allow an idle client (Postfix: 300 s; RFC 5321 asks servers for 5 min).
IDLE_S = 30.0
# A session the relay may have dropped: the message never reached DATA, so sending it on a
# fresh session is no more a repeat than the worker's own retry would be.
STALE = (aiosmtplib.SMTPServerDisconnected, ConnectionError)


class Relay(Protocol):
    """Where and how to connect (adapters/email.py's SmtpServer)."""

    @property
    def host(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def timeout_s(self) -> float: ...
    @property
    def starttls(self) -> bool: ...
    @property
    def username(self) -> str | None: ...
    @property
    def password(self) -> str | None: ...


@dataclass(frozen=True)
class Letter:
    """A message already written as bytes (adapters/mime.py), and its envelope."""

    sender: str
    recipients: tuple[str, ...]
    data: bytes


@dataclass
class _Session:
    client: aiosmtplib.SMTP
    relay: Relay
    messages: int = 0
    idle_since: float = 0.0


class SmtpSessions:
    def __init__(self, *, messages_per_connection: int) -> None:
        self.messages_per_connection = messages_per_connection
        self._idle: list[_Session] = []
        self._local_hostname: str | None = None

    async def send(self, relay: Relay, email: Letter | EmailMessage) -> str:
        """The relay's reply to the message; raises what aiosmtplib raises."""
        session = self._take(relay)
        reused = session is not None
        if session is None:
            session = await self._connect(relay)
        try:
            try:
                reply = await _sent(session.client, email)
            except STALE:
                if not reused:
                    raise
                session.client.close()
                session = await self._connect(relay)
                reply = await _sent(session.client, email)
        except BaseException:
            session.client.close()  # in an unknown state: never reused
            raise
        session.messages += 1
        self._put_back(session)
        return reply

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for session in idle:
            await _quit(session.client)

    def _take(self, relay: Relay) -> _Session | None:
        now = asyncio.get_running_loop().time()
        while self._idle:
            session = self._idle.pop()
            fresh = now - session.idle_since < IDLE_S
            if fresh and session.relay == relay and session.client.is_connected:
                return session
            session.client.close()  # the relay may have let it go; a QUIT could hang
        return None

    def _put_back(self, session: _Session) -> None:
        if session.messages >= self.messages_per_connection:
            task = asyncio.get_running_loop().create_task(_quit(session.client))
            task.add_done_callback(_quietly)
            return
        session.idle_since = asyncio.get_running_loop().time()
        self._idle.append(session)

    async def _connect(self, relay: Relay) -> _Session:
        if self._local_hostname is None:  # EHLO's name: looked up once, not per connection
            self._local_hostname = await asyncio.to_thread(socket.getfqdn)
        client = aiosmtplib.SMTP(
            hostname=relay.host,
            port=relay.port,
            timeout=relay.timeout_s,
            start_tls=relay.starttls,
            username=relay.username,
            password=relay.password,
            local_hostname=self._local_hostname,
        )
        await client.connect()
        return _Session(client, relay)


async def _sent(client: aiosmtplib.SMTP, email: Letter | EmailMessage) -> str:
    if isinstance(email, Letter):
        _, reply = await client.sendmail(email.sender, email.recipients, email.data)
    else:
        _, reply = await client.send_message(email)
    return reply


async def _quit(client: aiosmtplib.SMTP) -> None:
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError):
        client.close()


def _quietly(task: asyncio.Task[None]) -> None:
    if not task.cancelled():
        task.exception()  # _quit catches what a QUIT can raise; retrieved, never logged
