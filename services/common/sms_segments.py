"""How a text goes out as SMS: GSM-7 or UCS-2, and the segments it takes.

One SMS carries 160 GSM-7 septets or 70 UCS-2 code units; a longer text is sent as
concatenated segments of 153 and 67 (the rest of each is the joining header). One
character outside the GSM-7 alphabet (an emoji, a curly quote) switches the whole text to
UCS-2. An extension character (`€`, `[`, `{`...) takes two septets, and a segment never
splits one, nor a UTF-16 surrogate pair. Shared: notify's gateway channel and intake's
SMS replies (issue 12) count alike, and the gateway simulator checks the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
SINGLE = {"GSM-7": 160, "UCS-2": 70}
CONCATENATED = {"GSM-7": 153, "UCS-2": 67}
ELLIPSIS = {"GSM-7": "...", "UCS-2": "…"}

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True)
class SmsSplit:
    encoding: Encoding
    segments: tuple[str, ...]
    truncated: bool = False

    @property
    def text(self) -> str:
        return "".join(self.segments)


def encoding_of(text: str) -> Encoding:
    return "GSM-7" if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text) else "UCS-2"


def _weight(char: str, encoding: Encoding) -> int:
    if encoding == "GSM-7":
        return 2 if char in GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1  # a surrogate pair in UTF-16


def units(text: str, encoding: Encoding) -> int:
    return sum(_weight(c, encoding) for c in text)


def split_sms(text: str) -> SmsSplit:
    encoding = encoding_of(text)
    if units(text, encoding) <= SINGLE[encoding]:
        return SmsSplit(encoding, (text,) if text else ())
    size = CONCATENATED[encoding]
    segments: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        weight = _weight(char, encoding)
        if used + weight > size:
            segments.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += weight
    segments.append("".join(current))
    return SmsSplit(encoding, tuple(segments))


def fit_sms(text: str, max_segments: int) -> SmsSplit:
    """The text in at most `max_segments` segments, cut with an ellipsis when longer."""
    if max_segments < 1:
        raise ValueError("max_segments must be at least 1")
    whole = split_sms(text)
    if len(whole.segments) <= max_segments:
        return whole
    encoding = whole.encoding
    room = (SINGLE if max_segments == 1 else CONCATENATED)[encoding] * max_segments
    room -= units(ELLIPSIS[encoding], encoding)
    kept: list[str] = []
    for char in text:
        room -= _weight(char, encoding)
        if room < 0:
            break
        kept.append(char)
    cut = split_sms("".join(kept).rstrip() + ELLIPSIS[encoding])
    # Greedy packing can waste a septet where an extension character meets a boundary.
    while len(cut.segments) > max_segments:
        kept.pop()
        cut = split_sms("".join(kept).rstrip() + ELLIPSIS[encoding])
    return SmsSplit(cut.encoding, cut.segments, truncated=True)
