"""The directly written MIME bytes (adapters/mime.py) read back as the standard library's
message did: same headers, decoded subject, parts and text; what the writer leaves to the
standard builder (adapters/email.py `standard_message`) is left to it."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default

import pytest

from services.notify.adapters.email import EmailChannel, SmtpServer, flattened, standard_message
from services.notify.adapters.mime import Headers, written
from services.notify.adapters.smtp_sessions import Letter, SmtpSessions
from services.notify.domain.plans import Addressee, ChannelName, Message
from tests.fakes.clock import FakeClock

HEADERS = Headers(
    sender="notifikasi@netra.localhost",
    to="budi.santoso@example.co.id",
    subject="Case NTR-2026-000123 opened",
    message_id="<NTF-0123456789ABCDEF@netra.localhost>",
    date="Tue, 03 Nov 2026 09:00:00 +0000",
    language="id",
)
NAMED = (
    "From",
    "To",
    "Subject",
    "Message-ID",
    "Date",
    "Auto-Submitted",
    "MIME-Version",
    "Content-Language",
)
INDONESIAN = "Laporan Anda “politik uang” telah diterima — terima kasih, Bu Siti Nurhaliza."
LONG_SUBJECT = (
    "Kasus NTR-2026-000123 dibuka oleh Bawaslu Provinsi Jawa Tengah untuk ditindaklanjuti"
    " dan diteruskan ke Sentra Gakkumdu Kabupaten Banyumas"
)
LONG_MIXED = LONG_SUBJECT + " — " + INDONESIAN


def read(raw: bytes) -> dict[str, object]:
    """Headers, types and texts; line ends as LF: a base64 part reads back with the ones it
    was given, a quoted-printable or 7bit part with the wire's CRLF, and the two builders
    choose between them differently (a reader sees lines either way)."""
    parsed = message_from_bytes(raw, policy=default)
    parts = list(parsed.iter_parts()) if parsed.is_multipart() else [parsed]
    return {
        "headers": {name: str(parsed[name]) for name in NAMED},
        "type": parsed.get_content_type(),
        "parts": [
            (p.get_content_type(), p.get_content_charset(), p.get_content().replace("\r\n", "\n"))
            for p in parts
        ],
    }


def standard_bytes(headers: Headers, text: str, html: str | None) -> bytes:
    return flattened(standard_message(headers, text, html), utf8=False)


def direct(headers: Headers, text: str, html: str | None) -> bytes:
    raw = written(headers, text, html)
    assert raw is not None
    return raw


def assert_same_as_standard(headers: Headers, text: str, html: str | None) -> bytes:
    """Same as the standard message, the subject reading back as given from both."""
    raw = direct(headers, text, html)
    ours, theirs = read(raw), read(standard_bytes(headers, text, html))
    assert ours["headers"]["Subject"] == headers.subject  # type: ignore[index]
    assert ours == theirs
    assert raw.isascii() and all(len(line) <= 78 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    return raw


@pytest.mark.parametrize("html", [None, "<p>Halo, Budi</p>\n"], ids=["text", "alternative"])
@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Case NTR-2026-000123 opened", "Hello,\nA case was opened.\n"),
        (INDONESIAN, INDONESIAN + "\n\nSalam,\nNetra\n"),
        (LONG_SUBJECT, "x" * 200 + "\n"),
        (LONG_MIXED, "Ç" * 300),
        ("😀 🙏 ñ", "emoji 😀\r\nand CRLF\rand a lone CR \n  trailing space \n"),
        ("", ""),
    ],
    ids=["ascii", "indonesian", "long-ascii", "long-mixed", "emoji-and-line-ends", "empty"],
)
def test_direct_bytes_read_back_as_the_standard_message(
    subject: str, text: str, html: str | None
) -> None:
    headers = Headers(**{**HEADERS.__dict__, "subject": subject})
    assert_same_as_standard(headers, text, html)
    if subject != LONG_MIXED:  # where the standard library reads its own subject back
        assert (
            read(standard_bytes(headers, text, html))["headers"]
            == read(direct(headers, text, html))["headers"]
        )


def test_a_long_subject_is_folded_and_non_ascii_words_are_encoded() -> None:
    headers = Headers(**{**HEADERS.__dict__, "subject": LONG_MIXED})
    head = direct(headers, "teks", None).split(b"\r\n\r\n")[0].decode()
    subject = head[head.index("Subject:") : head.index("\r\nMessage-ID")]
    assert subject.count("\r\n ") >= 2
    assert "=?utf-8?b?" in subject and "Bawaslu Provinsi" in subject


def test_bodies_take_the_shorter_transfer_encoding() -> None:
    mostly_ascii = direct(HEADERS, INDONESIAN, "✓" * 40)
    assert b"quoted-printable" in mostly_ascii and b"base64" in mostly_ascii
    assert b"7bit" in direct(HEADERS, "plain ascii\n", None)


def test_random_texts_read_back_the_same() -> None:
    pick = random.Random(9)
    alphabet = "abc XYZ.,-=?_\t" + "éñçÅ" + "“—”" + "😀"
    for _ in range(150):
        words = ["".join(pick.choices(alphabet, k=pick.randint(1, 30))) for _ in range(12)]
        subject = " ".join(" ".join(words[:6]).replace("=?", "=!").split())
        text = "\n".join(words) * pick.randint(1, 4)
        html = None if pick.random() < 0.3 else f"<p>{text}</p>"
        assert_same_as_standard(Headers(**{**HEADERS.__dict__, "subject": subject}), text, html)


@pytest.mark.parametrize(
    "changed",
    [
        {"to": "budi@bücher.example"},
        {"to": "bùdi@example.com"},
        {"sender": "Netra <notifikasi@netra.localhost>"},
        {"subject": "two\nlines"},
        {"subject": " leading space"},
        {"subject": "looks =?utf-8?q?encoded?="},
        {"subject": "x" * 1000},
    ],
    ids=["idn-domain", "utf8-local-part", "display-name", "newline", "space", "encoded", "huge"],
)
def test_what_the_writer_is_not_sure_of_is_left_to_the_standard_builder(
    changed: dict[str, str],
) -> None:
    assert written(Headers(**{**HEADERS.__dict__, **changed}), "teks", None) is None


def test_the_channel_sends_the_direct_bytes_and_falls_back_for_an_idn_address() -> None:
    channel = EmailChannel(
        server=SmtpServer("relay", 25, HEADERS.sender, 5.0, False, None, None),
        clock=FakeClock(datetime(2026, 11, 3, 9, 0, tzinfo=UTC)),
        sessions=SmtpSessions(messages_per_connection=1),
    )
    message = Message(INDONESIAN, "teks\n", "<p>teks</p>", {})
    plain = Addressee("R1", "Budi", ChannelName.EMAIL, "budi@example.com", "en")
    letter = channel.compose(plain, "NTF-1", message)
    assert isinstance(letter, Letter) and letter.recipients == ("budi@example.com",)
    assert letter.sender == HEADERS.sender
    assert read(letter.data)["headers"] == {
        "From": HEADERS.sender,
        "To": "budi@example.com",
        "Subject": INDONESIAN,
        "Message-ID": "<NTF-1@netra.localhost>",
        "Date": "Tue, 03 Nov 2026 09:00:00 +0000",
        "Auto-Submitted": "auto-generated",
        "MIME-Version": "1.0",
        "Content-Language": "en",
    }
    assert not letter.utf8
    idn = Addressee("R2", "Budi", ChannelName.EMAIL, "budi@bücher.example", "id")
    fallback = channel.compose(idn, "NTF-2", message)
    assert fallback.utf8 and fallback.recipients == ("budi@bücher.example",)
    assert "To: budi@bücher.example\r\n".encode() in fallback.data  # SMTPUTF8: as it is
    parsed = message_from_bytes(fallback.data, policy=default)
    assert (parsed["Subject"], parsed["Message-ID"]) == (INDONESIAN, "<NTF-2@netra.localhost>")


@pytest.mark.parametrize("subject", [INDONESIAN, LONG_MIXED, "Kasus: " + "Camát Désa " * 12 + "x"])
def test_the_standard_builder_keeps_a_long_non_ascii_subject_as_given(subject: str) -> None:
    """The fallback (here for a display name) writes the subject as adapters/mime.py folds
    it: the library's own folding dropped or doubled spaces next to encoded words
    (Python 3.11: "Banyumas  —", "“politikuang”", "DésaCamát")."""
    headers = Headers(
        **{**HEADERS.__dict__, "to": "Pak Ümit <umit@example.com>", "subject": subject}
    )
    assert written(headers, "teks", None) is None
    raw = standard_bytes(headers, "teks", "<p>teks</p>")
    parsed = message_from_bytes(raw, policy=default)
    assert parsed["Subject"] == subject
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))
