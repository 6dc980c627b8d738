"""The dev mail sink (deploy/local/mail_sink.py) and its `/_mail` listing, with notify's
email adapter as the sender."""

from __future__ import annotations

import asyncio
import json
import mailbox
from dataclasses import replace
from pathlib import Path

import uvloop
from aiohttp.test_utils import make_mocked_request

from deploy.local.dev_sinks import _mail_listing
from deploy.local.mail_sink import MailSink, message_id
from services.common.clock import SystemClock
from services.notify.adapters.email import EmailChannel, SmtpServer
from services.notify.adapters.smtp_sessions import SmtpSessions
from services.notify.domain.plans import Addressee, ChannelName, Message
from tests.infra import free_ports

TO = Addressee(
    "bawaslu-lampung", "Bawaslu Lampung", ChannelName.EMAIL, "lampung@bawaslu.test", "id", None
)
TEXT = "Kasus baru CASE-1.\n\nFrom the portal: laporan warga — «penting».\n.\n"


def message(n: int) -> Message:
    return Message(f"[Netra] Kasus baru {n}", TEXT, f"<p>CASE-{n}</p>", {})


def channel(port: int) -> EmailChannel:
    server = SmtpServer("127.0.0.1", port, "notifikasi@netra.test", 5, False, None, None)
    sessions = SmtpSessions(messages_per_connection=50)
    return EmailChannel(server=server, clock=SystemClock(), sessions=sessions)


def sink(mbox: Path | None = None, keep: int | None = None) -> MailSink:
    return MailSink(host="127.0.0.1", port=free_ports(1)[0], mbox=mbox, keep=keep)


async def test_notify_email_arrives_whole_and_is_parsed_on_demand(tmp_path: Path) -> None:
    mails = sink(tmp_path / "mail" / "inbox.mbox")
    await mails.serve()
    email = channel(mails.port)
    try:
        outcomes = [
            await email.send(addressee=TO, notification_id=f"NTF-{n}", message=message(n))
            for n in (1, 2)
        ]
    finally:
        await email.close()
        await mails.close()
    assert [o.detail for o in outcomes] == [
        f"SMTP OK queued as <NTF-{n}@netra.test>" for n in (1, 2)
    ]
    first = mails.received()[0]
    assert (first["To"], first["Subject"]) == ("lampung@bawaslu.test", "[Netra] Kasus baru 1")
    body = first.get_body(("plain",))
    assert body is not None and body.get_content() == TEXT.replace("\n", "\r\n")  # as sent
    assert mails.received()[0] is first  # parsed once
    kept = mailbox.mbox(tmp_path / "mail" / "inbox.mbox")
    assert [m["Message-ID"] for m in kept] == ["<NTF-1@netra.test>", "<NTF-2@netra.test>"]


async def test_the_listing_is_what_it_was(tmp_path: Path) -> None:
    mails = sink()
    await mails.serve()
    email = channel(mails.port)
    try:
        await email.send(addressee=TO, notification_id="NTF-9", message=message(9))
    finally:
        await email.close()
        await mails.close()
    listing = _mail_listing(mails)
    answer = await listing(make_mocked_request("GET", "/_mail"))
    [mail] = json.loads(answer.body)
    assert set(mail) == {"Message-ID", "To", "Subject", "Date", "text"}
    assert (mail["Message-ID"], mail["To"], mail["text"]) == (
        "<NTF-9@netra.test>",
        "lampung@bawaslu.test",
        TEXT.replace("\n", "\r\n"),
    )
    again = await listing(make_mocked_request("GET", "/_mail"))
    assert again.body == answer.body


async def test_refusals_on_demand_and_a_restart_in_a_thread() -> None:
    mails = sink()
    mails.start()
    mails.state.refuse_next.append("451 4.3.0 try later")
    mails.state.unknown.add("nobody@bawaslu.test")
    email = channel(mails.port)
    try:
        later = await email.send(addressee=TO, notification_id="NTF-1", message=message(1))
        nobody = replace(TO, target="nobody@bawaslu.test")
        unknown = await email.send(addressee=nobody, notification_id="NTF-X", message=message(0))
        mails.stop()
        mails.start()  # the open session is gone: the next email takes a fresh one
        sent = await email.send(addressee=TO, notification_id="NTF-2", message=message(2))
    finally:
        await email.close()
        mails.stop()
    assert (later.delivered, later.retryable, later.detail) == (
        False,
        True,
        "SMTP 451: 4.3.0 try later",
    )
    assert (unknown.delivered, unknown.retryable, unknown.detail) == (
        False,
        False,
        "refused: [550]",
    )
    assert sent.delivered
    assert [m["Message-ID"] for m in mails.received()] == ["<NTF-2@netra.test>"]


async def test_a_bounded_sink_keeps_the_last_mails() -> None:
    mails = sink(keep=2)
    await mails.serve()
    email = channel(mails.port)
    try:
        for n in range(4):
            await email.send(addressee=TO, notification_id=f"NTF-{n}", message=message(n))
    finally:
        await email.close()
        await mails.close()
    assert [m["Message-ID"] for m in mails.received()] == [
        "<NTF-2@netra.test>",
        "<NTF-3@netra.test>",
    ]


def test_message_id_is_read_without_parsing() -> None:
    assert message_id(b"Subject: x\r\nMessage-Id: <a@b>\r\n\r\nMessage-ID: <body@b>") == "<a@b>"
    assert message_id(b"Message-ID:\r\n <folded@b>\r\nTo: x\r\n\r\n") == "<folded@b>"
    assert message_id(b"Subject: x\r\n\r\nMessage-ID: <body@b>\r\n") == "?"


def test_the_sink_serves_on_uvloop() -> None:
    """dev_sinks runs on uvloop, whose transports are not asyncio.Transport subclasses."""

    async def one_email() -> tuple[str, list[str]]:
        mails = sink()
        await mails.serve()
        email = channel(mails.port)
        try:
            outcome = await email.send(addressee=TO, notification_id="NTF-1", message=message(1))
        finally:
            await email.close()
            await mails.close()
        return outcome.detail, [m["Subject"] for m in mails.received()]

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        detail, subjects = runner.run(one_email())
    assert detail == "SMTP OK queued as <NTF-1@netra.test>"
    assert subjects == ["[Netra] Kasus baru 1"]
