"""A local SMTP server (aiosmtpd) that keeps every mail: the dev mail sink and the tests' server.

Accepted mail is kept in memory (`received`) and, when given a directory, written to a
Maildir (`var/mail/new/`, one file per message, readable with any mail client or `cat`).
It fails on demand: `refuse_next` replies ("451 ..." transient, "550 ..." permanent) are
answered to the next DATA commands, and addresses in `unknown` are refused at RCPT.
"""

from __future__ import annotations

import mailbox
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class SinkState:
    received: list[EmailMessage] = field(default_factory=list)
    refuse_next: list[str] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class SinkHandler:
    def __init__(self, state: SinkState, maildir: Path | None) -> None:
        self.state = state
        self.maildir = None if maildir is None else mailbox.Maildir(maildir, create=True)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, _options: Any
    ) -> str:
        if address in self.state.unknown:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.state.lock:
            if self.state.refuse_next:
                return self.state.refuse_next.pop(0)
        raw = envelope.original_content or b""
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)  # policy.default builds EmailMessage
        with self.state.lock:
            self.state.received.append(parsed)
        if self.maildir is not None:
            self.maildir.add(raw)
        return f"250 OK queued as {parsed.get('Message-ID', '?')}"


class MailSink:
    """Serves on `port` from `start()` to `stop()`, again after a later `start()` (a fault
    test's server that is down for a while); aiosmtpd runs it in its own thread."""

    def __init__(self, *, host: str, port: int, maildir: Path | None) -> None:
        self.host = host
        self.port = port
        self.state = SinkState()
        self.handler = SinkHandler(self.state, maildir)
        self.controller: Controller | None = None

    def start(self) -> None:
        # A stopped aiosmtpd Controller cannot start again (its loop is closed): a new one.
        self.controller = Controller(
            self.handler, hostname=self.host, port=self.port, ready_timeout=10
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def received(self) -> list[EmailMessage]:
        with self.state.lock:
            return list(self.state.received)
