"""The dashboard's figures as what the template draws: SVG charts, legends, data tables.

Pure presentation over `read_models.dashboard.DashboardRead`; every chart gets a table of
the same numbers (the accessible alternative, and what a coordinator copies into a memo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from schemas.cases import CaseStatus
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.vocabulary import ElectionType
from services.cases.entrypoints.web.i18n import Translator
from services.cases.entrypoints.web.svg_charts import (
    OKABE_ITO,
    Series,
    column_chart,
    line_chart,
    stacked_chart,
    styled,
)
from services.cases.read_models.dashboard import DashboardRead, StepTime

TOP_SERIES = 6  # more lines than this are unreadable: the rest is summed as "other"
OTHER = "other"
HOURS_PER_UNIT = {"calendar_days": 24.0, "working_days": 24.0 * 7 / 5, "hours": 1.0}


@dataclass(frozen=True)
class ChartBlock:
    chart_id: str
    title: str
    svg: Markup
    legend: list[Series]
    headers: list[str]
    rows: list[list[str | int]]


@dataclass(frozen=True)
class StepRow:
    election: str
    status: str
    steps: int
    median_days: float
    deadline_text: str
    median_percent: float  # bar lengths on one scale for the whole table (working days: x 7/5)
    deadline_percent: float | None
    late: bool


def top_with_other(series: dict[str, list[int]], size: int) -> list[tuple[str, list[int]]]:
    ranked = sorted(series.items(), key=lambda item: (-sum(item[1]), item[0]))
    kept, rest = ranked[:TOP_SERIES], ranked[TOP_SERIES:]
    if rest:
        kept.append((OTHER, [sum(day) for day in zip(*(v for _, v in rest), strict=True)]))
    return kept or [("", [0] * size)]


def _table(days: Sequence[date], series: Sequence[Series]) -> list[list[str | int]]:
    return [[day.isoformat(), *(s.values[i] for s in series)] for i, day in enumerate(days)]


def _describe(tr: Translator, series: Sequence[Series], days: Sequence[date]) -> str:
    totals = ", ".join(f"{s.label}: {sum(s.values)}" for s in series if s.label)
    return tr.t(
        "dashboard.desc",
        first=days[0].isoformat(),
        last=days[-1].isoformat(),
        totals=totals or "0",
    )


def _block(
    tr: Translator, chart_id: str, title: str, days: list[date], series: list[Series], stacked: bool
) -> ChartBlock:
    draw = stacked_chart if stacked else line_chart
    svg = draw(chart_id, title, _describe(tr, series, days), days, series)
    headers = [tr.t("dashboard.day"), *(s.label for s in series)]
    return ChartBlock(chart_id, title, svg, series, headers, _table(days, series))


def _label(tr: Translator, prefix: str, key: str) -> str:
    return tr.t("dashboard.other") if key == OTHER else tr.t(f"{prefix}.{key}")


def time_series(read: DashboardRead, tr: Translator) -> list[ChartBlock]:
    days, size = read.days, len(read.days)
    channels = styled(
        [(c, _label(tr, "channel", c), v) for c, v in top_with_other(read.reports_by_channel, size)]
    )
    categories = styled(
        [
            (c, _label(tr, "category", c), v)
            for c, v in top_with_other(read.reports_by_category, size)
        ]
    )
    flow = styled(
        [
            ("opened", tr.t("dashboard.opened"), read.opened),
            ("closed", tr.t("dashboard.closed"), read.closed),
        ]
    )
    order = {s.value: i for i, s in enumerate(CaseStatus)}
    backlog = dict(sorted(read.backlog_by_status.items(), key=lambda kv: order.get(kv[0], 99)))
    statuses = styled(
        [(s, tr.label("status", s), v) for s, v in backlog.items()] or [("", "", [0] * size)]
    )
    return [
        _block(
            tr, "chart-reports-channel", tr.t("dashboard.reports_by_channel"), days, channels, False
        ),
        _block(
            tr,
            "chart-reports-category",
            tr.t("dashboard.reports_by_category"),
            days,
            categories,
            False,
        ),
        _block(tr, "chart-flow", tr.t("dashboard.opened_closed"), days, flow, False),
        _block(tr, "chart-backlog", tr.t("dashboard.backlog"), days, statuses, True),
    ]


def missed_block(read: DashboardRead, tr: Translator) -> ChartBlock:
    title = tr.t("dashboard.missed")
    series = styled([("missed", title, read.missed)])
    desc = _describe(tr, series, read.days)
    svg = column_chart("chart-missed", title, desc, read.days, read.missed, OKABE_ITO[4])
    headers = [tr.t("dashboard.day"), title]
    return ChartBlock("chart-missed", title, svg, [], headers, _table(read.days, series))


def _deadline(policy: DeadlinePolicy, step: StepTime, tr: Translator) -> tuple[float | None, str]:
    try:
        rules = policy.rules.for_election(ElectionType(step.election))
    except (ValueError, KeyError):
        return None, "-"
    rule = rules.statuses.get(CaseStatus(step.status))
    if rule is None:
        return None, "-"
    unit = rule.unit.value
    hours = HOURS_PER_UNIT.get(unit)
    text = tr.t(f"dashboard.unit.{unit}", n=rule.amount)
    return (None if hours is None else rule.amount * hours / 24), text


def step_rows(read: DashboardRead, policy: DeadlinePolicy, tr: Translator) -> list[StepRow]:
    drafts = []
    for step in read.steps:
        deadline_days, text = _deadline(policy, step, tr)
        drafts.append((step, step.median_hours / 24, deadline_days, text))
    scale = max([d for _, m, dl, _ in drafts for d in (m, dl or 0)], default=0) or 1
    return [
        StepRow(
            election=step.election,
            status=step.status,
            steps=step.steps,
            median_days=round(median, 1),
            deadline_text=text,
            median_percent=round(100 * median / scale, 1),
            deadline_percent=None if deadline is None else round(100 * deadline / scale, 1),
            late=deadline is not None and median > deadline,
        )
        for step, median, deadline, text in drafts
    ]
