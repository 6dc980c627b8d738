"""Netra's SMTP client (adapters/smtp_client.py) against real servers: aiosmtpd (no
PIPELINING; STARTTLS and AUTH) and the dev mail sink (PIPELINING), and against scripted
servers for what a real one does only when it misbehaves (a reply withheld, a connection
dropped mid-message)."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from deploy.local.mail_sink import MailSink
from services.notify.adapters.smtp_client import SmtpConnection
from services.notify.adapters.smtp_replies import (
    SmtpError,
    SmtpRecipientsRefused,
    SmtpReplyError,
    SmtpStale,
)
from tests.infra import free_ports

MESSAGE = (
    b"From: notifikasi@netra.test\r\nTo: lampung@bawaslu.test\r\nSubject: Kasus baru\r\n\r\n"
    b"Baris pertama.\r\n.baris yang diawali titik\r\n..dua titik\r\n.\r\nakhir\r\n"
)
USER, PASSWORD = "netra", "rahasia-relay"


@dataclass
class Received:
    envelopes: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos), content))
        return "250 OK diterima"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address.startswith("penuh@"):
            return "452 4.2.2 mailbox full"
        if address.startswith("tidak-ada@"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if ok:
            self.logins.append(f"{mechanism}:{USER}")
        return AuthResult(success=ok, handled=False)  # handled=True: aiosmtpd says nothing


@dataclass(frozen=True)
class Tls:
    server: ssl.SSLContext
    client: ssl.SSLContext


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    """A self-signed certificate for 127.0.0.1; the client trusts exactly it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay.netra.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder: Path = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    client = ssl.create_default_context(cafile=str(folder / "cert.pem"))
    return Tls(server, client)


@contextmanager
def aiosmtpd(received: Received, **options: Any) -> Iterator[int]:
    port = free_ports(1)[0]
    controller = Controller(received, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


async def connect(port: int, **options: Any) -> SmtpConnection:
    settings: dict[str, Any] = {
        "timeout_s": 5.0,
        "local_hostname": "notify.netra.test",
        "starttls": False,
        "tls_context": None,
        "username": None,
        "password": None,
        **options,
    }
    return await SmtpConnection.open("127.0.0.1", port, **settings)


async def test_without_pipelining_a_message_goes_command_by_command_and_arrives_whole() -> None:
    received = Received()
    with aiosmtpd(received) as port:
        connection = await connect(port)
        assert "PIPELINING" not in connection.extensions
        reply = await connection.send(
            "notifikasi@netra.test", ["lampung@bawaslu.test"], MESSAGE, utf8=False
        )
        second = await connection.send(
            "notifikasi@netra.test", ["lampung@bawaslu.test"], b"Subject: dua\r\n\r\nx", utf8=False
        )
        await connection.quit()
    assert (reply, second) == ("OK diterima", "OK diterima")
    assert received.envelopes[0] == ("notifikasi@netra.test", ["lampung@bawaslu.test"], MESSAGE)
    assert received.envelopes[1][2] == b"Subject: dua\r\n\r\nx\r\n"  # the last line ended
    assert not connection.is_connected


async def test_with_pipelining_the_dot_stuffed_message_arrives_whole(tmp_path: Path) -> None:
    sink = MailSink(host="127.0.0.1", port=free_ports(1)[0], mbox=None, keep=None)
    await sink.serve()
    try:
        connection = await connect(sink.port)
        assert "PIPELINING" in connection.extensions
        for _ in range(3):
            await connection.send(
                "notifikasi@netra.test", ["lampung@bawaslu.test"], MESSAGE, utf8=False
            )
        await connection.quit()
    finally:
        await sink.close()
    mails = sink.received()
    assert len(mails) == 3
    assert mails[0].as_bytes(policy=mails[0].policy.clone(linesep="\r\n")) == MESSAGE


async def test_starttls_then_auth_plain_and_auth_login(tls: Tls) -> None:
    for mechanism in ("PLAIN", "LOGIN"):
        received = Received()
        other = ["LOGIN"] if mechanism == "PLAIN" else ["PLAIN"]
        options = {
            "tls_context": tls.server,
            "require_starttls": True,
            "authenticator": received.authenticate,
            "auth_require_tls": True,
            "auth_exclude_mechanism": other,
        }
        with aiosmtpd(received, **options) as port:
            connection = await connect(
                port, starttls=True, tls_context=tls.client, username=USER, password=PASSWORD
            )
            await connection.send(
                "notifikasi@netra.test", ["lampung@bawaslu.test"], MESSAGE, utf8=False
            )
            await connection.quit()
        assert received.logins == [f"{mechanism}:{USER}"]
        assert [e[2] for e in received.envelopes] == [MESSAGE]


async def test_a_wrong_password_an_untrusted_certificate_and_no_starttls_fail_to_open(
    tls: Tls,
) -> None:
    received = Received()
    options = {"tls_context": tls.server, "authenticator": received.authenticate}
    with aiosmtpd(received, **options) as port:
        with pytest.raises(SmtpReplyError) as refused:
            await connect(
                port, starttls=True, tls_context=tls.client, username=USER, password="salah"
            )
        assert refused.value.code == 535
        with pytest.raises(ssl.SSLCertVerificationError):
            await connect(port, starttls=True, tls_context=ssl.create_default_context())
    with aiosmtpd(Received()) as port, pytest.raises(SmtpError, match="STARTTLS"):
        await connect(port, starttls=True, tls_context=tls.client)


async def test_refused_recipients_come_back_with_their_codes() -> None:
    received = Received()
    with aiosmtpd(received) as port:
        connection = await connect(port)
        with pytest.raises(SmtpRecipientsRefused) as refused:
            await connection.send(
                "notifikasi@netra.test",
                ["penuh@bawaslu.test", "tidak-ada@bawaslu.test"],
                MESSAGE,
                utf8=False,
            )
        connection.close()
        connection = await connect(port)
        await connection.send(  # one of two accepted: the message goes to that one
            "notifikasi@netra.test",
            ["penuh@bawaslu.test", "lampung@bawaslu.test"],
            MESSAGE,
            utf8=False,
        )
        connection.close()
    assert [r.code for r in refused.value.refusals] == [452, 550]
    assert [e[1] for e in received.envelopes] == [["lampung@bawaslu.test"]]


async def test_a_message_needing_smtputf8_goes_only_to_a_relay_offering_it() -> None:
    received = Received()
    with aiosmtpd(received, enable_SMTPUTF8=True) as port:
        connection = await connect(port)
        await connection.send("a@b.test", ["budi@bücher.example"], MESSAGE, utf8=True)
        connection.close()
    assert [e[1] for e in received.envelopes] == [["budi@bücher.example"]]

    async def idle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    async with scripted(idle) as port:  # offers PIPELINING only
        connection = await connect(port)
        with pytest.raises(SmtpError, match="SMTPUTF8"):
            await connection.send("a@b.test", ["budi@bücher.example"], MESSAGE, utf8=True)
        connection.close()


Script = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def scripted(script: Script) -> AsyncIterator[int]:
    """A server that greets and answers EHLO with PIPELINING, then follows `script`."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 scripted ESMTP\r\n")
        await reader.readline()
        writer.write(b"250-scripted\r\n250 PIPELINING\r\n")
        try:
            await script(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


async def test_the_envelope_goes_out_in_one_write_when_pipelining() -> None:
    """This server answers nothing until MAIL, RCPT and DATA are all there: a client
    waiting for each reply before the next command would time out."""
    seen: list[bytes] = []

    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.extend([await reader.readline() for _ in range(3)])
        writer.write(b"250 OK\r\n250 OK\r\n354 go on\r\n")
        seen.append(await reader.readuntil(b"\r\n.\r\n"))
        writer.write(b"250 2.0.0 queued\r\n")
        await reader.read()

    async with scripted(script) as port:
        connection = await connect(port, timeout_s=2.0)
        reply = await connection.send("a@b.test", ["c@d.test"], b"x\r\n", utf8=False)
        connection.close()
    assert reply == "2.0.0 queued"
    assert seen[:3] == [b"MAIL FROM:<a@b.test>\r\n", b"RCPT TO:<c@d.test>\r\n", b"DATA\r\n"]
    assert seen[3] == b"x\r\n.\r\n"


async def test_a_connection_lost_before_the_content_is_stale_after_it_is_not() -> None:
    async def before(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()  # MAIL: and the relay goes away

    async def after(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for _ in range(3):
            await reader.readline()
        writer.write(b"250 OK\r\n250 OK\r\n354 go on\r\n")
        await reader.readuntil(b"\r\n.\r\n")  # the message: and the relay goes away

    async with scripted(before) as port:
        connection = await connect(port)
        with pytest.raises(SmtpStale):
            await connection.send("a@b.test", ["c@d.test"], b"x", utf8=False)
    async with scripted(after) as port:
        connection = await connect(port)
        with pytest.raises(ConnectionError) as lost:
            await connection.send("a@b.test", ["c@d.test"], b"x", utf8=False)
    assert not isinstance(lost.value, SmtpStale)


async def test_a_relay_that_stops_answering_times_out() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    async with scripted(silent) as port:
        connection = await connect(port, timeout_s=0.3)
        with pytest.raises(TimeoutError):
            await connection.send("a@b.test", ["c@d.test"], b"x", utf8=False)
        connection.close()


async def test_a_command_may_not_carry_a_line_break() -> None:
    async def idle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    async with scripted(idle) as port:
        connection = await connect(port)
        with pytest.raises(ValueError, match="line break"):
            await connection.send("a@b.test\r\nRCPT TO:<x@y>", ["c@d.test"], b"x", utf8=False)
        connection.close()
