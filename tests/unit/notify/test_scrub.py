"""A failure's detail never carries the recipient's address or number."""

from __future__ import annotations

import pytest

from services.notify.domain.scrub import scrubbed


@pytest.mark.parametrize(
    ("detail", "target", "expected"),
    [
        (
            "SMTP 550: <budi.s@mail.example>: no such user",
            "budi.s@mail.example",
            "SMTP 550: <<recipient>>: no such user",
        ),
        (
            "SMTP 550: siti@other.example unknown",
            "budi@mail.example",
            "SMTP 550: <address> unknown",
        ),
        (
            '{"detail": "+6281234567890 is not reachable"}',
            "+6281234567890",
            '{"detail": "<recipient> is not reachable"}',
        ),
        ("number 0812-3456-7890 barred", "+6281234567890", "number <number> barred"),
        ("HTTP 503: try again in 30 s", "+6281234567890", "HTTP 503: try again in 30 s"),
        (
            "connecting to 127.0.0.1 on port 47807",
            "+6281234567890",
            "connecting to 127.0.0.1 on port 47807",
        ),
    ],
)
def test_addresses_and_numbers_are_replaced(detail: str, target: str, expected: str) -> None:
    assert scrubbed(detail, target=target) == expected


def test_a_detail_is_bounded() -> None:
    assert len(scrubbed("x" * 1000, target="")) == 300
