from __future__ import annotations

import base64
import uuid
from collections import Counter
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from schemas.ids import TRACKING_ALPHABET, new_event_id, new_tracking_code, normalise_tracking_code
from services.common.crypto import KeyringError, Sealed, load_keyring, new_key_spec, parse_keyring
from services.common.secrets import MissingSecret, load_secret

pytestmark = pytest.mark.unit


def test_event_ids_are_uuid7_and_time_ordered() -> None:
    first, second = new_event_id(), new_event_id()
    assert first.version == 7 and first.variant == uuid.RFC_4122
    assert first.int >> 80 <= second.int >> 80


def test_tracking_code_has_80_random_bits_in_readable_groups() -> None:
    code = new_tracking_code()
    symbols = code.removeprefix("NTR-").replace("-", "")
    assert len(symbols) * 5 >= 80 and set(symbols) <= set(TRACKING_ALPHABET)
    assert len({new_tracking_code() for _ in range(1000)}) == 1000


def test_tracking_code_symbols_are_uniform_over_the_whole_alphabet() -> None:
    symbols = "".join(
        new_tracking_code().removeprefix("NTR-").replace("-", "") for _ in range(4000)
    )
    counts = Counter(symbols)  # 64,000 symbols: 2,000 of each expected
    assert set(counts) == set(TRACKING_ALPHABET)
    assert all(1700 < n < 2300 for n in counts.values()), counts
    assert normalise_tracking_code(new_tracking_code()).startswith("NTR-")


def test_tracking_code_normalisation_forgives_case_and_lookalikes() -> None:
    code = "NTR-0123-4567-89AB-CDEF"
    assert normalise_tracking_code("ntr o123 4567 89ab cdef") == code
    with pytest.raises(ValueError, match="16 symbols"):
        normalise_tracking_code("NTR-1234")


def test_seal_and_open_round_trip_bound_to_context() -> None:
    keyring = parse_keyring(new_key_spec("k1"))
    sealed = keyring.seal({"name": "Budi", "nik": "3201010101010001"}, context="RPT-1")
    assert "Budi" not in sealed.ciphertext
    assert keyring.open(sealed, context="RPT-1") == {"name": "Budi", "nik": "3201010101010001"}
    with pytest.raises(InvalidTag):
        keyring.open(sealed, context="RPT-2")


def test_rotation_old_key_still_opens() -> None:
    old = new_key_spec("old")
    sealed = parse_keyring(old).seal({"name": "A"}, context="c")
    rotated = parse_keyring(f"{new_key_spec('new')},{old}")
    assert rotated.active == "new"
    assert rotated.open(sealed, context="c") == {"name": "A"}
    with pytest.raises(KeyringError, match="no key with id"):
        parse_keyring(new_key_spec("new")).open(
            Sealed("old", sealed.nonce, sealed.ciphertext), context="c"
        )


def test_keyring_validation_errors() -> None:
    short = base64.b64encode(b"x" * 16).decode()
    with pytest.raises(KeyringError, match="32 bytes"):
        parse_keyring(f"k:{short}")
    with pytest.raises(KeyringError, match="empty"):
        parse_keyring(" , ")


def test_missing_key_fails_outside_development(tmp_path: Path) -> None:
    with pytest.raises(KeyringError, match="required outside development"):
        load_keyring(spec=None, dev_key_file=tmp_path / "k", development=False)
    with pytest.raises(MissingSecret):
        load_secret(value=None, dev_file=tmp_path / "s", development=False, name="S")


def test_development_key_file_is_made_once_and_reused(tmp_path: Path) -> None:
    first = load_keyring(spec=None, dev_key_file=tmp_path / "k", development=True)
    second = load_keyring(spec=None, dev_key_file=tmp_path / "k", development=True)
    assert first == second
    assert (tmp_path / "k").stat().st_mode & 0o777 == 0o600
