"""Identifiers: UUIDv7 for events, human-friendly tracking codes for reporters."""

from __future__ import annotations

import os
import secrets
import time
import uuid

# Crockford base32 without I, L, O, U: unambiguous when read aloud or typed from SMS.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_GROUPS = 4
TRACKING_GROUP_LEN = 4  # 16 symbols x 5 bits = 80 bits of randomness


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
    """`NTR-XXXX-XXXX-XXXX-XXXX`: 80 random bits in four groups for reading aloud."""
    symbols = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(16))
    groups = [symbols[i : i + TRACKING_GROUP_LEN] for i in range(0, 16, TRACKING_GROUP_LEN)]
    return "NTR-" + "-".join(groups)


def normalise_tracking_code(raw: str) -> str:
    """Accept lower case, missing dashes and the look-alikes O/I/L for 0/1/1."""
    cleaned = raw.upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.removeprefix("NTR")
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if len(cleaned) != 16 or any(c not in TRACKING_ALPHABET for c in cleaned):
        raise ValueError("tracking code must be 16 symbols of Crockford base32")
    return "NTR-" + "-".join(cleaned[i : i + 4] for i in range(0, 16, 4))


def new_case_id() -> str:
    return "CASE-" + new_event_id().hex[:20].upper()
