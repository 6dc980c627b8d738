"""The 38 provinces as a tile-grid cartogram: one equal square each, placed roughly where
the province lies (west to east, north to south), so small provinces stay readable.

Why tiles and not a map: boundary data for the 38 provinces (four Papuan provinces date
from 2022) is not available from a package registry this project can use, and a map
would make Jakarta or DIY a dot beside Papua (docs/decisions.md, "The dashboard").
Each tile is a link that drills down to the province's kabupaten/kota.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Final

from lokal.provinces import PROVINCES
from markupsafe import Markup, escape

# code: (column, row, short name)
TILES: Final[dict[str, tuple[int, int, str]]] = {
    "11": (0, 0, "ACEH"),
    "12": (1, 0, "SUMUT"),
    "13": (1, 1, "SUMBAR"),
    "14": (2, 1, "RIAU"),
    "21": (3, 1, "KEPRI"),
    "17": (1, 2, "BKL"),
    "15": (2, 2, "JAMBI"),
    "19": (3, 2, "BABEL"),
    "16": (2, 3, "SUMSEL"),
    "18": (3, 3, "LPG"),
    "31": (4, 4, "DKI"),
    "36": (3, 5, "BANTEN"),
    "32": (4, 5, "JABAR"),
    "33": (5, 5, "JATENG"),
    "34": (5, 6, "DIY"),
    "35": (6, 5, "JATIM"),
    "51": (7, 5, "BALI"),
    "52": (8, 5, "NTB"),
    "53": (9, 5, "NTT"),
    "61": (5, 2, "KALBAR"),
    "62": (6, 3, "KALTENG"),
    "65": (7, 1, "KALTARA"),
    "64": (7, 2, "KALTIM"),
    "63": (7, 3, "KALSEL"),
    "75": (9, 1, "GTLO"),
    "71": (10, 1, "SULUT"),
    "72": (9, 2, "SULTENG"),
    "76": (8, 3, "SULBAR"),
    "73": (9, 3, "SULSEL"),
    "74": (10, 3, "SULTRA"),
    "82": (11, 1, "MALUT"),
    "81": (11, 3, "MALUKU"),
    "96": (12, 1, "PBD"),
    "92": (13, 1, "PABAR"),
    "91": (14, 1, "PAPUA"),
    "94": (13, 2, "PATENG"),
    "95": (14, 2, "PAPEG"),
    "93": (14, 3, "PASEL"),
}
TILE, GAP = 48, 4
# Sequential, colour-blind safe (viridis, light to dark), with the text colour each needs.
CLASSES: Final = (
    ("#fde725", "#1b1f24"),
    ("#7ad151", "#1b1f24"),
    ("#22a884", "#1b1f24"),
    ("#2a788e", "#ffffff"),
    ("#414487", "#ffffff"),
)
EMPTY: Final = ("#eef1f4", "#1b1f24")


def colour_class(value: int, largest: int) -> int:
    """-1 for zero, else 0..4 by the value's fifth of the largest."""
    if value <= 0 or largest <= 0:
        return -1
    return min(len(CLASSES) - 1, math.ceil(len(CLASSES) * value / largest) - 1)


def legend(largest: int) -> list[tuple[str, str]]:
    """(colour, range text) per class, for the key under the cartogram."""
    if largest <= 0:
        return [(EMPTY[0], "0")]
    bounds = [math.ceil(largest * (i + 1) / len(CLASSES)) for i in range(len(CLASSES))]
    lows = [1] + [b + 1 for b in bounds[:-1]]
    found = [(EMPTY[0], "0")]
    for (colour, _), low, high in zip(CLASSES, lows, bounds, strict=True):
        if low <= high:
            found.append((colour, f"{low}–{high}" if low < high else str(low)))
    return found


def cartogram(
    values: Mapping[str, int], *, title: str, desc: str, href: Callable[[str], str]
) -> Markup:
    largest = max(values.values(), default=0)
    columns = 1 + max(c for c, _, _ in TILES.values())
    rows = 1 + max(r for _, r, _ in TILES.values())
    width, height = columns * (TILE + GAP), rows * (TILE + GAP)
    tiles = []
    for code, (column, row, short) in TILES.items():
        value = values.get(code, 0)
        index = colour_class(value, largest)
        fill, ink = CLASSES[index] if index >= 0 else EMPTY
        x, y = column * (TILE + GAP), row * (TILE + GAP)
        name = escape(f"{code} {PROVINCES[code]}: {value}")
        tiles.append(
            f'<a href="{escape(href(code))}" data-province="{code}" data-value="{value}">'
            f"<title>{name}</title>"
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="4" fill="{fill}" '
            f'stroke="#8a939c" stroke-width="0.5"/>'
            f'<text x="{x + TILE / 2}" y="{y + 20}" text-anchor="middle" font-size="9" '
            f'font-weight="700" fill="{ink}">{short}</text>'
            f'<text x="{x + TILE / 2}" y="{y + 37}" text-anchor="middle" font-size="13" '
            f'fill="{ink}">{value}</text></a>'
        )
    return Markup(  # noqa: S704 - every text in it was escaped where it went in; the rest are numbers
        f'<svg class="cartogram" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="cartogram-t cartogram-d"><title id="cartogram-t">{escape(title)}'
        f'</title><desc id="cartogram-d">{escape(desc)}</desc>{"".join(tiles)}</svg>'
    )
