"""Server-side SVG charts: lines, stacked areas, columns. No script, no chart library.

Each chart is an `<svg role="img">` with a `<title>` and `<desc>` (what it shows and its
largest value); the page puts a data table beside every chart for screen readers and for
anyone who wants the numbers. Colours are the Okabe-Ito palette (distinguishable with the
common colour-vision deficiencies) and every line also has its own dash pattern, so no
series is told apart by colour alone. Presentation attributes, not `style=`, so the
workspace's CSP (`style-src 'self'`) holds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")
DASHES = ("", "7 3", "2 3", "9 3 2 3", "4 4", "1 2", "12 4")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 46, 12, 12, 30
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
X_LABELS = 6


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: Sequence[int]
    colour: str
    dash: str


def styled(items: Sequence[tuple[str, str, Sequence[int]]]) -> list[Series]:
    """(key, label, values) in order, each with its palette colour and dash pattern."""
    return [
        Series(key, label, values, OKABE_ITO[i % len(OKABE_ITO)], DASHES[i % len(DASHES)])
        for i, (key, label, values) in enumerate(items)
    ]


def nice_ceiling(value: float) -> int:
    """The axis top: 1, 2 or 5 times a power of ten, at least the value (and at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= value))


def _x(index: int, count: int) -> float:
    return LEFT + (PLOT_W * index / (count - 1) if count > 1 else PLOT_W / 2)


def _y(value: float, top: int) -> float:
    return TOP + PLOT_H * (1 - value / top)


def _frame(days: Sequence[date], top: int) -> str:
    parts = []
    for tick in (0, top / 2, top):
        y = _y(tick, top)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d4d9de"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#555e68">{tick:g}</text>'
        )
    step = max(1, math.ceil(len(days) / X_LABELS))
    for i in range(0, len(days), step):
        x = _x(i, len(days))
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="11" '
            f'fill="#555e68">{days[i].day:02d}/{days[i].month:02d}</text>'
        )
    return "".join(parts)


def _svg(chart_id: str, title: str, desc: str, body: str) -> Markup:
    return Markup(  # noqa: S704 - every text in it was escaped where it went in; the rest are numbers
        f'<svg class="svg-chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d">'
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>{body}</svg>'
    )


def _points(values: Sequence[float], top: int) -> str:
    return " ".join(f"{_x(i, len(values)):.1f},{_y(v, top):.1f}" for i, v in enumerate(values))


def line_chart(
    chart_id: str, title: str, desc: str, days: Sequence[date], series: Sequence[Series]
) -> Markup:
    top = nice_ceiling(max((max(s.values, default=0) for s in series), default=0))
    lines = []
    for s in series:
        data = f'data-series="{escape(s.key)}"'
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        if len(s.values) == 1:
            cy = _y(s.values[0], top)
            lines.append(
                f'<circle {data} cx="{_x(0, 1):.1f}" cy="{cy:.1f}" r="4" fill="{s.colour}"/>'
            )
            continue
        lines.append(
            f'<polyline {data} points="{_points(s.values, top)}" fill="none" '
            f'stroke="{s.colour}" stroke-width="2.5"{dash}/>'
        )
    return _svg(chart_id, title, desc, _frame(days, top) + "".join(lines))


def stacked_chart(
    chart_id: str, title: str, desc: str, days: Sequence[date], series: Sequence[Series]
) -> Markup:
    """Areas stacked bottom-up in series order; the top edge is the total."""
    totals = [sum(column) for column in zip(*(s.values for s in series), strict=True)] or [0]
    top = nice_ceiling(max(totals))
    floor = [0] * len(days)
    shapes = []
    for s in series:
        ceiling = [a + b for a, b in zip(floor, s.values, strict=True)]
        reverse = " ".join(
            f"{_x(i, len(days)):.1f},{_y(v, top):.1f}" for i, v in reversed(list(enumerate(floor)))
        )
        outline = _points(ceiling, top) + " " + reverse
        shapes.append(
            f'<polygon data-series="{escape(s.key)}" points="{outline}" fill="{s.colour}" '
            f'fill-opacity="0.85" stroke="#fff" stroke-width="0.5"/>'
        )
        floor = ceiling
    return _svg(chart_id, title, desc, _frame(days, top) + "".join(shapes))


def column_chart(
    chart_id: str, title: str, desc: str, days: Sequence[date], values: Sequence[int], colour: str
) -> Markup:
    top = nice_ceiling(max(values, default=0))
    width = PLOT_W / max(1, len(values))
    bars = [
        f'<rect x="{LEFT + i * width + width * 0.1:.1f}" y="{_y(v, top):.1f}" '
        f'width="{width * 0.8:.1f}" height="{PLOT_H * v / top:.1f}" fill="{colour}">'
        f"<title>{escape(f'{day.isoformat()}: {v}')}</title></rect>"
        for i, (day, v) in enumerate(zip(days, values, strict=True))
        if v
    ]
    return _svg(chart_id, title, desc, _frame_columns(days, top, width) + "".join(bars))


def _frame_columns(days: Sequence[date], top: int, width: float) -> str:
    """The line chart's frame with the day labels under the middle of each column."""
    frame = _frame([], top)
    step = max(1, math.ceil(len(days) / X_LABELS))
    labels = [
        f'<text x="{LEFT + i * width + width / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle" '
        f'font-size="11" fill="#555e68">{days[i].day:02d}/{days[i].month:02d}</text>'
        for i in range(0, len(days), step)
    ]
    return frame + "".join(labels)
