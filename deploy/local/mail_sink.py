"""A local SMTP server that keeps every mail: the dev mail sink and the tests' server.

Accepted mail is kept in memory as sent (`mails()`, the last `keep` when bounded) and
parsed only when asked (`received()`, `/_mail`), once per mail; when given a file, each
is also appended to it, an mbox (`var/mail/inbox.mbox`: `mutt -f`, Python's `mailbox`,
or `less`). Appended and flushed, never fsynced: a dev sink. A file per message (the
Maildir this was) cost more CPU than the rest of receiving a mail.
It fails on demand: `refuse_next` replies ("451 ..." transient, "550 ..." permanent) are
answered to the next messages, and addresses in `unknown` are refused at RCPT.
The protocol is deploy/local/smtp_server.py's.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import BinaryIO

from deploy.local.smtp_server import Envelope, SmtpServer

# The Message-ID header, folded lines and all, read without parsing the message.
MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
FROM_LINE = re.compile(rb"^(>*From )", re.MULTILINE)


@dataclass(slots=True, weakref_slot=True, eq=False)  # hashed by identity
class KeptMail:
    raw: bytes  # as received, dot-unstuffed
    _parsed: EmailMessage | None = None

    def message(self) -> EmailMessage:
        if self._parsed is None:
            parsed = message_from_bytes(self.raw, policy=policy.default)
            assert isinstance(parsed, EmailMessage)  # policy.default builds EmailMessage
            self._parsed = parsed
        return self._parsed


@dataclass
class SinkState:
    kept: deque[KeptMail]
    refuse_next: list[str] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Mbox:
    """Messages appended in mbox form: a "From " line before each, lines ending in LF, a
    body line starting with "From " quoted as ">From " (mboxrd: also ">From", ">>From")."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file: BinaryIO = open(path, "ab")  # noqa: SIM115 - open while the sink lives

    def add(self, envelope: Envelope) -> None:
        body = FROM_LINE.sub(rb">\1", envelope.content.replace(b"\r\n", b"\n"))
        sender = envelope.mail_from or "MAILER-DAEMON"
        stamp = time.asctime(time.gmtime())
        self.file.write(f"From {sender} {stamp}\n".encode() + body + b"\n")
        self.file.flush()

    def close(self) -> None:
        self.file.close()


class SinkHandler:
    def __init__(self, state: SinkState, mbox: Path | None) -> None:
        self.state = state
        self.mbox = None if mbox is None else Mbox(mbox)

    def refused_recipient(self, address: str) -> str | None:
        return "550 5.1.1 no such mailbox" if address in self.state.unknown else None

    def message(self, envelope: Envelope) -> str:
        with self.state.lock:
            if self.state.refuse_next:
                return self.state.refuse_next.pop(0)
            self.state.kept.append(KeptMail(envelope.content))
        if self.mbox is not None:
            self.mbox.add(envelope)
        return f"250 OK queued as {message_id(envelope.content)}"


def message_id(raw: bytes) -> str:
    """The Message-ID header's value, unfolded, as the parsed message gives it ("?": none)."""
    headers = raw.split(b"\r\n\r\n", 1)[0]
    found = MESSAGE_ID.search(headers)
    if found is None:
        return "?"
    return b" ".join(found.group(1).split()).decode("utf-8", "replace")


class MailSink:
    """Serves on `port`: on the running event loop (`serve()` .. `close()`), or on its own
    in a thread from `start()` to `stop()`, again after a later `start()` (a fault test's
    server that is down for a while). Stopping drops the open sessions."""

    def __init__(self, *, host: str, port: int, mbox: Path | None, keep: int | None = None) -> None:
        self.host = host
        self.port = port
        self.state = SinkState(deque(maxlen=keep))
        self.handler = SinkHandler(self.state, mbox)
        self.server = SmtpServer(self.handler)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def serve(self) -> None:
        await self.server.start(self.host, self.port)

    async def close(self) -> None:
        await self.server.close()
        if self.handler.mbox is not None:
            self.handler.mbox.close()

    def start(self) -> None:
        """Listening when this returns; raises what listening raised (a port taken)."""
        loop = asyncio.new_event_loop()
        started: Future[None] = Future()

        def run() -> None:
            try:
                loop.run_until_complete(self.serve())
            except BaseException as exc:
                started.set_exception(exc)
                loop.close()
                return
            started.set_result(None)
            loop.run_forever()

        thread = threading.Thread(target=run, daemon=True, name="mail-sink")
        thread.start()
        started.result(10)
        self._loop, self._thread = loop, thread

    def stop(self) -> None:
        loop, thread, self._loop, self._thread = self._loop, self._thread, None, None
        if loop is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(self.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()

    def mails(self) -> list[KeptMail]:
        with self.state.lock:
            return list(self.state.kept)

    def received(self) -> list[EmailMessage]:
        return [mail.message() for mail in self.mails()]
