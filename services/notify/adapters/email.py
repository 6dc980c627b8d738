"""Email over SMTP: one message per attempt (OutboundChannel), over a session to the relay
kept open between attempts (adapters/smtp_sessions.py, adapters/smtp_client.py).

Plain text and, when the message has one, an HTML alternative, written as bytes directly
(adapters/mime.py), or by the standard library's `EmailMessage` for what that writer
leaves to it (an address or a subject out of the plain ASCII case), flattened as SMTP
carries it: bodies in 7 bits, headers in UTF-8 (SMTPUTF8) only when an address needs it.
`Message-ID` is made from the notification id (`<NTF-...@domain>`), the same on every
attempt, so a receiving system that dedupes by Message-ID shows a retried notification
once. A 4xx reply or a lost connection is retryable; a 5xx reply (address refused,
message rejected) is not.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from email.generator import BytesGenerator
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8, default
from email.utils import format_datetime
from io import BytesIO

from services.common.clock import Clock
from services.notify.adapters.mime import Headers, folded_subject, written
from services.notify.adapters.smtp_replies import (
    SmtpError,
    SmtpRecipientsRefused,
    SmtpReplyError,
)
from services.notify.adapters.smtp_sessions import Letter, SmtpSessions
from services.notify.domain.plans import Addressee, Message, SendOutcome
from services.notify.domain.reporter_view import language_of
from services.notify.domain.scrub import scrubbed


class _HeaderClasses(HeaderRegistry):
    """The standard header registry with each header's class made once: the standard one
    builds a new class (`type(...)`) for every header of every message, a third of what
    composing an email cost."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        made = self._made.get(name.lower())
        if made is None:
            made = self._made[name.lower()] = super().__getitem__(name)
        return made


# The standard library's modern policy (the one `EmailMessage()` uses), same output.
POLICY = default.clone(header_factory=_HeaderClasses())


def _boundary(*parts: str) -> str:
    """A MIME boundary none of the parts holds. Given, so the generator does not make one
    itself (it compiles a new regular expression per message to check its own)."""
    while True:
        boundary = "=_" + secrets.token_hex(16)  # "=_" never occurs in QP or base64
        if not any(boundary in part for part in parts):
            return boundary


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    sender: str  # the From address
    timeout_s: float
    starttls: bool
    username: str | None  # both or neither (settings checks it)
    password: str | None


class EmailChannel:
    def __init__(self, *, server: SmtpServer, clock: Clock, sessions: SmtpSessions) -> None:
        self.server = server
        self.clock = clock
        self.sessions = sessions
        self.domain = server.sender.rpartition("@")[2] or "netra.invalid"

    def message_id(self, notification_id: str) -> str:
        return f"<{notification_id}@{self.domain}>"

    def compose(self, addressee: Addressee, notification_id: str, message: Message) -> Letter:
        headers = Headers(
            sender=self.server.sender,
            to=addressee.target,
            subject=message.subject,
            message_id=self.message_id(notification_id),
            date=format_datetime(self.clock.now()),
            language=language_of(addressee.language),
        )
        data = written(headers, message.text, message.html)
        if data is not None:
            return Letter(sender=headers.sender, recipients=(headers.to,), data=data)
        utf8 = not (headers.sender.isascii() and headers.to.isascii())
        data = flattened(standard_message(headers, message.text, message.html), utf8=utf8)
        return Letter(sender=headers.sender, recipients=(headers.to,), data=data, utf8=utf8)

    async def send(
        self, *, addressee: Addressee, notification_id: str, message: Message
    ) -> SendOutcome:
        if "@" not in addressee.target or any(c in addressee.target for c in "\r\n<>,"):
            return SendOutcome(
                False, False, f"not an email address: recipient {addressee.recipient_id}"
            )
        server = self.server
        try:
            # The client bounds each wait for the relay; this bounds the whole attempt.
            async with asyncio.timeout(server.timeout_s * 2):
                reply = await self.sessions.send(
                    server, self.compose(addressee, notification_id, message)
                )
        except SmtpRecipientsRefused as exc:
            codes = [refused.code for refused in exc.refusals]
            return SendOutcome(False, all(400 <= c < 500 for c in codes), f"refused: {codes}")
        except SmtpReplyError as exc:
            said = scrubbed(f"SMTP {exc.code}: {exc.message}", target=addressee.target)
            return SendOutcome(False, 400 <= exc.code < 500, said)
        except (SmtpError, TimeoutError, OSError) as exc:
            said = scrubbed(f"{type(exc).__name__}: {exc}", target=addressee.target)
            return SendOutcome(False, True, said)
        return SendOutcome(
            True, False, f"SMTP {reply}"[:300], provider_id=self.message_id(notification_id)
        )

    async def close(self) -> None:
        await self.sessions.close()


def flattened(email: EmailMessage, *, utf8: bool) -> bytes:
    """The message as SMTP carries it: CRLF line ends, bodies in 7 bits (quoted-printable
    or base64: no 8BITMIME needed), headers in UTF-8 only when `utf8` (SMTPUTF8)."""
    policy = (SMTPUTF8 if utf8 else SMTP).clone(cte_type="7bit")
    with BytesIO() as out:
        BytesGenerator(out, policy=policy).flatten(email)
        return out.getvalue()


def standard_message(headers: Headers, text: str, html: str | None) -> EmailMessage:
    """The message built by the standard library: for what adapters/mime.py does not write."""
    email = EmailMessage(policy=POLICY)
    email["From"] = headers.sender
    email["To"] = headers.to
    subject = folded_subject(headers.subject)
    if subject is None:  # a control character, an unfoldable run: the library folds it
        email["Subject"] = headers.subject
    else:  # folded already: the library's folding drops or doubles spaces at encoded words
        email.set_raw("Subject", subject)
    email["Message-ID"] = headers.message_id
    email["Date"] = headers.date
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies back
    email.set_content(text)
    if html is not None:
        email.add_alternative(html, subtype="html")
        email.set_boundary(_boundary(text, html))
    # Set last: add_alternative moves every Content-* header into the text part.
    email["Content-Language"] = headers.language
    return email
