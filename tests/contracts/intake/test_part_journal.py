"""Contract of `PartJournal`: the in-memory fake and the sealed file journal behave alike.

The file journal needs no infrastructure (a tmp_path), so both run in every session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.gateway import InboundMedia
from services.common.crypto import new_key_spec, parse_keyring
from services.intake.adapters.file_part_journal import FilePartJournal
from services.intake.domain.inbound import Part
from services.intake.service_layer.inbound_ports import PartJournal
from tests.fakes.intake_inbound import FakePartJournal

KEYRING = parse_keyring(new_key_spec())
NUMBER = "+6281234567890"


def part(message_id: str, text: str = "camat ikut kampanye") -> Part:
    media = (InboundMedia(url="https://gw.test/m/1", content_type="image/jpeg", size=10),)
    return Part(message_id, "whatsapp", NUMBER, text, datetime(2026, 11, 3, tzinfo=UTC), media)


@pytest.fixture(params=["fake", "real"])
def reopened(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], PartJournal]:
    """The journal, and the same journal again as a restarted process opens it."""
    if request.param == "fake":
        fake = FakePartJournal()
        return lambda: fake
    return lambda: FilePartJournal(tmp_path / "parts", keyring=KEYRING)


def test_kept_parts_survive_a_restart_and_dropped_ones_do_not(
    reopened: Callable[[], PartJournal],
) -> None:
    journal = reopened()
    journal.keep(part("GW-1"))
    journal.keep(part("GW-2", "di Desa Sukamaju"))
    journal.keep(part("GW-2", "di Desa Sukamaju"))  # the same message again: one part
    journal.drop(["GW-1"])
    assert reopened().kept() == [part("GW-2", "di Desa Sukamaju")]


def test_the_file_journal_never_holds_the_number_in_clear(tmp_path: Path) -> None:
    journal = FilePartJournal(tmp_path, keyring=KEYRING)
    journal.keep(part("GW-1"))
    on_disk = (
        b"".join(p.read_bytes() for p in tmp_path.iterdir())
        + str(list(tmp_path.iterdir())).encode()
    )
    assert b"81234567890" not in on_disk and b"camat" not in on_disk


def test_an_unreadable_part_is_set_aside_not_lost(tmp_path: Path) -> None:
    journal = FilePartJournal(tmp_path, keyring=KEYRING)
    journal.keep(part("GW-1"))
    [stored] = tmp_path.glob("*.json")
    stored.write_text('{"message_id": "GW-1", "key_id": "dev1"')  # a torn write
    assert journal.kept() == []
    assert (tmp_path / "unreadable" / stored.name).exists()
