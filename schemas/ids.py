"""Identifiers: UUIDv7 for events, human-friendly tracking codes for reporters."""

from __future__ import annotations

import base64
import os
import time
import uuid

# Crockford base32 without I, L, O, U: unambiguous when read aloud or typed from SMS.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_GROUPS = 4
TRACKING_GROUP_LEN = 4
TRACKING_SYMBOLS = TRACKING_GROUPS * TRACKING_GROUP_LEN  # 16 symbols x 5 bits = 80 random bits
# Base32 (RFC 4648) puts 5 bits per symbol in the same order: its i-th symbol becomes ours.
_FROM_BASE32 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", TRACKING_ALPHABET)


def new_event_id() -> uuid.UUID:
    """A UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then random bits."""
    unix_ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 68) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def new_tracking_code() -> str:
    """`NTR-XXXX-XXXX-XXXX-XXXX`: 80 random bits in four groups for reading aloud.

    One read of 10 random bytes, base32-encoded in C: a `secrets.choice` per symbol cost
    ~45 us per report (16 reads of the OS's random source)."""
    symbols = base64.b32encode(os.urandom(TRACKING_SYMBOLS * 5 // 8)).decode()
    return _grouped(symbols.translate(_FROM_BASE32))


def _grouped(symbols: str) -> str:
    step = TRACKING_GROUP_LEN
    return "NTR-" + "-".join(symbols[i : i + step] for i in range(0, len(symbols), step))


def normalise_tracking_code(raw: str) -> str:
    """Accept lower case, missing dashes and the look-alikes O/I/L for 0/1/1."""
    cleaned = raw.upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.removeprefix("NTR")
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if len(cleaned) != TRACKING_SYMBOLS or any(c not in TRACKING_ALPHABET for c in cleaned):
        raise ValueError(f"tracking code must be {TRACKING_SYMBOLS} symbols of Crockford base32")
    return _grouped(cleaned)
