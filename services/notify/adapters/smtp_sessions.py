"""SMTP sessions to the relay kept open and used for message after message.

A connection per email cost notify more CPU than the email itself (docs/decisions.md,
"Notify: where the pipeline's notify spent its CPU"): the TCP connect, the banner, EHLO
(and STARTTLS and AUTH when set), QUIT, and a `socket.getfqdn()` in a worker thread for
each EHLO. Now a session that just delivered goes back to a small idle stack and the next
email of the same relay takes it; one attempt uses one session at a time, so there are at
most as many as attempts run at once on the relay (NOTIFY_ENDPOINT_CONCURRENCY). Each
session is a connection of Netra's own client (adapters/smtp_client.py), which pipelines
a message's commands when the relay offers PIPELINING.

Reused only while it is safe to: a session that raised anything (a refusal, a lost
connection, a cancelled attempt) is closed, never put back; one idle longer than
`IDLE_S` (relays drop idle clients after a minute or more) or that has carried
`messages_per_connection` messages is ended. A reused session found dead before the
message's content went out (the relay closed it meanwhile) is replaced by a fresh one for
the same attempt, once: the attempt's outcome is then as it was with a connection of its
own. A connection lost after the content went out is the attempt's failure (the relay may
have the message): the worker's retry sends it again, with the same Message-ID.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass
from typing import Protocol

from services.notify.adapters.smtp_client import SmtpConnection
from services.notify.adapters.smtp_replies import SmtpError, SmtpStale

# Under what relays allow an idle client (Postfix: 300 s; RFC 5321 asks servers for 5 min).
IDLE_S = 30.0


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
    utf8: bool = False  # an address or header needs SMTPUTF8


@dataclass
class _Session:
    client: SmtpConnection
    relay: Relay
    messages: int = 0
    idle_since: float = 0.0


class SmtpSessions:
    def __init__(
        self, *, messages_per_connection: int, tls_context: ssl.SSLContext | None = None
    ) -> None:
        """`tls_context`: what STARTTLS verifies the relay with (default: the system's CAs,
        or SSL_CERT_FILE's)."""
        self.messages_per_connection = messages_per_connection
        self.tls_context = tls_context
        self._idle: list[_Session] = []
        self._local_hostname: str | None = None

    async def send(self, relay: Relay, email: Letter) -> str:
        """The relay's reply to the message; raises what adapters/smtp_client.py raises."""
        session = self._take(relay)
        reused = session is not None
        if session is None:
            session = await self._connect(relay)
        try:
            try:
                reply = await _sent(session.client, email)
            except SmtpStale:
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
        client = await SmtpConnection.open(
            relay.host,
            relay.port,
            timeout_s=relay.timeout_s,
            local_hostname=self._local_hostname,
            starttls=relay.starttls,
            tls_context=self.tls_context,
            username=relay.username,
            password=relay.password,
        )
        return _Session(client, relay)


async def _sent(client: SmtpConnection, email: Letter) -> str:
    return await client.send(email.sender, email.recipients, email.data, utf8=email.utf8)


async def _quit(client: SmtpConnection) -> None:
    try:
        await client.quit()
    except (SmtpError, OSError, TimeoutError):
        client.close()


def _quietly(task: asyncio.Task[None]) -> None:
    if not task.cancelled():
        task.exception()  # _quit catches what a QUIT can raise; retrieved, never logged
