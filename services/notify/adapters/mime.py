"""An email's MIME bytes written directly, for the plain case notify sends.

`email.message.EmailMessage` and its generator cost ~0.8 ms per email, most of the
attempt's CPU (docs/decisions.md, "Notify: where the pipeline's notify spent its CPU").
Here the same headers and parts are written as ASCII bytes: a subject folded at spaces
(RFC 5322) with its non-ASCII words as UTF-8 encoded-words (RFC 2047), each body part
7bit when it is ASCII in short lines, else quoted-printable or base64, whichever is
shorter. Every byte is 7-bit, so the message needs no 8BITMIME nor SMTPUTF8.

Only for what this writer is sure of: `written` returns None when an address is not a
plain ASCII addr-spec, or a header value holds a control character or an unfoldable
run; the caller then builds the message with the standard library as before.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass

# dot-atom "@" dot-atom (RFC 5322 3.4.1) in ASCII: written as given, needing no quoting.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDR_SPEC = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_ATOM}(?:\.{_ATOM})*")
_TOKEN = re.compile(r"[!-~]+")  # a header value with no space or control character
_FOLD_AT = 78  # RFC 5322 2.1.1: lines SHOULD be at most 78 characters
_LONGEST_WORD = 900  # under the 998 a line MUST NOT exceed: else the standard builder
_ENCODED_WORD_BYTES = 42  # 56 chars of base64, 68 with "=?utf-8?b?" "?=": fits after "Subject: "
CRLF = b"\r\n"


@dataclass(frozen=True)
class Headers:
    """The message's own headers, in the order they are written."""

    sender: str
    to: str
    subject: str
    message_id: str
    date: str
    language: str


def written(headers: Headers, text: str, html: str | None) -> bytes | None:
    """The whole message as bytes, or None when it must be built the standard way."""
    if not (_ADDR_SPEC.fullmatch(headers.sender) and _ADDR_SPEC.fullmatch(headers.to)):
        return None
    simple = (headers.message_id, headers.date.replace(" ", ""), headers.language)
    if not all(_TOKEN.fullmatch(value) for value in simple):
        return None
    subject = folded_subject(headers.subject)
    if subject is None:
        return None
    head = [
        f"From: {headers.sender}",
        f"To: {headers.to}",
        f"Subject: {subject}",
        f"Message-ID: {headers.message_id}",
        f"Date: {headers.date}",
        "Auto-Submitted: auto-generated",  # RFC 3834: no vacation replies back
        "MIME-Version: 1.0",
    ]
    plain = _part("plain", text)
    if html is None:
        return _joined([*head, *plain[0], f"Content-Language: {headers.language}"], plain[1])
    rich = _part("html", html)
    boundary = _boundary(plain[1], rich[1])
    head += [
        f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"',
        f"Content-Language: {headers.language}",
    ]
    dash = f"--{boundary}".encode()
    parts = [dash + CRLF + _joined(*plain) + CRLF, dash + CRLF + _joined(*rich) + CRLF]
    return _joined(head, b"".join(parts) + dash + b"--" + CRLF)


def _joined(head: list[str], body: bytes) -> bytes:
    return "\r\n".join(head).encode("ascii") + CRLF + CRLF + body


def _part(subtype: str, content: str) -> tuple[list[str], bytes]:
    """A text part's Content-* headers and its encoded body (CRLF line ends)."""
    raw = content.encode("utf-8")
    lines = raw.splitlines()  # as the standard library splits: CR, LF or CRLF
    if raw.isascii() and all(len(line) <= _FOLD_AT for line in lines):
        encoding, body = "7bit", CRLF.join(lines) + CRLF
    else:
        encoding, body = _shorter_encoding(b"\n".join(lines) + b"\n")
    type_line = f'Content-Type: text/{subtype}; charset="utf-8"'
    return [type_line, f"Content-Transfer-Encoding: {encoding}"], body


def _shorter_encoding(data: bytes) -> tuple[str, bytes]:
    # Quoted-printable turns a non-ASCII byte into three characters, base64 any byte into
    # 4/3 of one: quoted-printable is the shorter while under a sixth of the bytes are.
    non_ascii = len(data) - len(data.decode("utf-8").encode("ascii", "ignore"))
    if non_ascii * 6 < len(data):
        encoded = binascii.b2a_qp(data, istext=True)
        return "quoted-printable", encoded.replace(b"\n", CRLF)
    return "base64", base64.encodebytes(data).replace(b"\n", CRLF)


def _boundary(*bodies: bytes) -> str:
    while True:
        boundary = "=_" + secrets.token_hex(16)  # "=_" never occurs in QP or base64
        if not any(boundary.encode() in body for body in bodies):
            return boundary


def folded_subject(subject: str) -> str | None:
    """The subject as a header value: words of ASCII as they are, each run of words with
    other characters as encoded-words, lines folded at spaces; None when it cannot be."""
    if not subject.isprintable() or "=?" in subject or "  " in subject:
        return None
    words: list[str] = []
    run: list[str] = []
    for word in subject.split(" "):
        if word.isascii():
            if run:
                words += _encoded_words(" ".join(run))
                run = []
            words.append(word)
        else:
            run.append(word)
    if run:
        words += _encoded_words(" ".join(run))
    if subject != subject.strip() or any(len(word) > _LONGEST_WORD for word in words):
        return None
    return _folded(words)


def _encoded_words(text: str) -> list[str]:
    """`=?utf-8?b?...?=` words of whole characters (RFC 2047 5): adjacent ones are read
    back as one text, the space between them ignored."""
    chunks: list[str] = []
    chunk = b""
    for char in text:
        encoded = char.encode("utf-8")
        if len(chunk) + len(encoded) > _ENCODED_WORD_BYTES:
            chunks.append(chunk.decode("utf-8"))
            chunk = b""
        chunk += encoded
    chunks.append(chunk.decode("utf-8"))
    return [f"=?utf-8?b?{base64.b64encode(c.encode()).decode()}?=" for c in chunks]


def _folded(words: list[str]) -> str:
    """Joined by spaces; a space becomes CRLF + space where the line would pass 78."""
    lines: list[str] = []
    line = words[0]
    width = len("Subject: ") + len(line)
    for word in words[1:]:
        if width + 1 + len(word) > _FOLD_AT and line.strip():
            lines.append(line)
            line, width = word, 1 + len(word)
        else:
            line += " " + word
            width += 1 + len(word)
    lines.append(line)
    return "\r\n ".join(lines)
