"""The dev SMTP server (deploy/local/smtp_server.py) over a real socket, smtplib as client."""

from __future__ import annotations

import asyncio
import smtplib
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import TypeVar

from deploy.local.smtp_server import Envelope, SmtpServer
from tests.infra import free_ports

T = TypeVar("T")


@dataclass
class Recording:
    envelopes: list[Envelope] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)

    def refused_recipient(self, address: str) -> str | None:
        return "550 5.1.1 no such mailbox" if address in self.refused else None

    def message(self, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return f"250 OK message {len(self.envelopes)}"


@asynccontextmanager
async def serving(
    size_limit: int = 1024 * 1024, idle_s: float = 60.0
) -> AsyncIterator[tuple[Recording, int]]:
    handler = Recording()
    server = SmtpServer(handler, hostname="sink.test", size_limit=size_limit, idle_s=idle_s)
    [port] = free_ports(1)
    await server.start("127.0.0.1", port)
    try:
        yield handler, port
    finally:
        await server.close()


async def talk(port: int, conversation: Callable[[smtplib.SMTP], T]) -> T:
    """Run a blocking smtplib conversation off the loop the server runs on."""

    def run() -> T:
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
            return conversation(client)

    return await asyncio.to_thread(run)


async def test_one_message_reaches_every_recipient() -> None:
    async with serving() as (handler, port):
        refused = await talk(
            port,
            lambda c: c.sendmail(
                "a@netra.test", ["x@b.test", "y@b.test"], b"Subject: hi\r\n\r\nok"
            ),
        )
    assert refused == {}
    [envelope] = handler.envelopes
    assert (envelope.mail_from, envelope.rcpt_tos) == ("a@netra.test", ["x@b.test", "y@b.test"])
    assert envelope.content == b"Subject: hi\r\n\r\nok\r\n"


async def test_dot_stuffed_lines_arrive_as_written() -> None:
    body = b"Subject: dots\r\n\r\n.\r\n..two\r\n.leading\r\nmid . dot\r\n.\r\nlast"
    async with serving() as (handler, port):
        await talk(port, lambda c: c.sendmail("a@netra.test", ["x@b.test"], body))
    assert handler.envelopes[0].content == body + b"\r\n"


async def test_an_empty_message_and_one_starting_with_a_dot() -> None:
    async with serving() as (handler, port):

        def two(client: smtplib.SMTP) -> list[tuple[int, bytes]]:
            client.ehlo()
            said = []
            for data in (b".\r\n", b"..first\r\n.\r\n"):
                said += [
                    client.docmd("MAIL FROM:<a@netra.test>"),
                    client.docmd("RCPT TO:<x@b.test>"),
                ]
                said += [client.docmd("DATA")]
                client.send(data)
                said.append(client.getreply())
            return said

        said = await talk(port, two)
    assert [code for code, _ in said] == [250, 250, 354, 250] * 2
    assert [e.content for e in handler.envelopes] == [b"", b".first\r\n"]


async def test_commands_out_of_sequence_are_refused_with_503() -> None:
    async with serving() as (handler, port):

        def wrong(client: smtplib.SMTP) -> list[tuple[int, bytes]]:
            early = client.docmd("MAIL FROM:<a@netra.test>")
            client.ehlo()
            return [
                early,
                client.docmd("RCPT TO:<x@b.test>"),
                client.docmd("DATA"),
                client.docmd("MAIL FROM:<a@netra.test>"),
                client.docmd("MAIL FROM:<a@netra.test>"),
                client.docmd("DATA"),
            ]

        said = await talk(port, wrong)
    assert [code for code, _ in said] == [503, 503, 503, 250, 503, 503]
    assert b"need RCPT" in said[-1][1]
    assert handler.envelopes == []


async def test_rset_forgets_the_envelope() -> None:
    async with serving() as (handler, port):

        def reset(client: smtplib.SMTP) -> list[int]:
            client.ehlo()
            codes = [
                client.docmd(line)[0] for line in ("MAIL FROM:<a@x.test>", "RCPT TO:<b@x.test>")
            ]
            codes += [client.rset()[0], client.docmd("DATA")[0], client.noop()[0]]
            client.sendmail("c@x.test", ["d@x.test"], b"\r\nafter")
            return codes

        codes = await talk(port, reset)
    assert codes == [250, 250, 250, 503, 250]
    [envelope] = handler.envelopes
    assert (envelope.mail_from, envelope.rcpt_tos) == ("c@x.test", ["d@x.test"])


async def test_syntax_errors_unknown_commands_and_refused_recipients() -> None:
    async with serving() as (handler, port):
        handler.refused.add("gone@b.test")

        def bad(client: smtplib.SMTP) -> list[int]:
            client.ehlo()
            lines = ("MAIL TO:<a@x.test>", "MAIL FROM:<a@x.test> FOO=1", "EXPN list")
            codes = [client.docmd(line)[0] for line in lines]
            client.docmd("MAIL FROM:<a@x.test>")
            codes += [client.docmd(line)[0] for line in ("RCPT TO:<gone@b.test>", "RCPT TO:")]
            return codes

        assert await talk(port, bad) == [501, 555, 500, 550, 501]


async def test_pipelined_commands_are_answered_in_order() -> None:
    async with serving() as (handler, port):

        def pipelined() -> bytes:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                reader = sock.makefile("rb")
                reader.readline()  # the banner
                sock.sendall(b"EHLO c.test\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<b@x.test>\r\n")
                sock.sendall(b"RCPT TO:<c@x.test>\r\nDATA\r\n")
                said = b"".join(reader.readline() for _ in range(9))
                sock.sendall(b"Subject: p\r\n\r\nbody\r\n.\r\nNOOP\r\nQUIT\r\n")
                return said + reader.read()

        said = await asyncio.to_thread(pipelined)
    assert b"250 PIPELINING\r\n" in said
    codes = [line[:3] for line in said.split(b"\r\n") if line and line[3:4] == b" "]
    assert codes == [b"250", b"250", b"250", b"250", b"354", b"250", b"250", b"221"]
    assert handler.envelopes[0].rcpt_tos == ["b@x.test", "c@x.test"]
    assert handler.envelopes[0].content == b"Subject: p\r\n\r\nbody\r\n"


async def test_non_ascii_addresses_need_and_get_smtputf8() -> None:
    mail = EmailMessage()
    mail["From"] = "pengirim@netra.test"
    mail["To"] = "pengawas@bawaslu.test, andré@ñandú.test"
    mail["Subject"] = "Kasus baru — Lampung"
    mail.set_content("Laporan diterima: «bagus».")
    async with serving() as (handler, port):
        await talk(port, lambda c: c.send_message(mail))
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["pengawas@bawaslu.test", "andré@ñandú.test"]
    assert "andré@ñandú.test".encode() in envelope.content


async def test_helo_clients_cannot_ask_for_smtputf8() -> None:
    async with serving() as (_handler, port):

        def helo(client: smtplib.SMTP) -> int:
            client.helo("old.test")
            return client.docmd("MAIL FROM:<a@x.test> SMTPUTF8")[0]

        assert await talk(port, helo) == 555


async def test_an_over_long_command_line_is_refused_and_the_session_goes_on() -> None:
    async with serving() as (_handler, port):

        def long(client: smtplib.SMTP) -> list[int]:
            client.ehlo()
            return [client.docmd("NOOP " + "x" * 5000)[0], client.noop()[0]]

        assert await talk(port, long) == [500, 250]


async def test_messages_over_the_size_limit_are_refused_with_552() -> None:
    async with serving(size_limit=1000) as (handler, port):

        def big(client: smtplib.SMTP) -> list[int]:
            client.ehlo()
            declared = client.docmd("MAIL FROM:<a@x.test> SIZE=5000")[0]
            for line in ("MAIL FROM:<a@x.test>", "RCPT TO:<b@x.test>", "DATA"):
                client.docmd(line)  # no SIZE= declared: the limit is found while it arrives
            client.send(b"\r\n" + b"y\r\n" * 35_000 + b".\r\n")
            sent = client.getreply()[0]
            client.sendmail("a@x.test", ["b@x.test"], b"\r\nsmall")
            return [declared, sent]

        assert await talk(port, big) == [552, 552]
    assert [e.content for e in handler.envelopes] == [b"\r\nsmall\r\n"]


async def test_closing_the_server_drops_open_sessions() -> None:
    async with serving() as (_handler, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        assert (await reader.readline()).startswith(b"220 sink.test")
    assert await asyncio.wait_for(reader.read(), 5) == b""
    writer.close()


async def test_a_silent_session_is_closed_with_421() -> None:
    async with serving(idle_s=0.2) as (_handler, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        await reader.readline()
        writer.write(b"NOOP\r\n")
        assert await reader.readline() == b"250 OK\r\n"
        said = await asyncio.wait_for(reader.read(), 5)
        writer.close()
    assert said == b"421 4.4.2 Error: timeout exceeded\r\n"
