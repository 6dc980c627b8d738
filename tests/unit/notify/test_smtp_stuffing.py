"""The message as DATA carries it (adapters/smtp_client.py `_stuffed`)."""

from __future__ import annotations

import pytest

from services.notify.adapters.smtp_client import _stuffed


@pytest.mark.parametrize(
    ("data", "sent"),
    [
        (b"a\r\nb\r\n", b"a\r\nb\r\n.\r\n"),  # CRLF already: only the ending added
        (b"a\r\nb", b"a\r\nb\r\n.\r\n"),  # the last line ended
        (b"a\nb\rc\r\n", b"a\r\nb\r\nc\r\n.\r\n"),  # bare LF and CR become CRLF
        (b".a\r\n.\r\n..b\r\n", b"..a\r\n..\r\n...b\r\n.\r\n"),  # every leading dot doubled
    ],
)
def test_line_ends_dots_and_the_ending(data: bytes, sent: bytes) -> None:
    assert _stuffed(data) == sent
