"""The dashboard (`/stats`): time series, the province cartogram with drill-down to
kabupaten/kota, step times against their legal deadlines, and what is open now.

Figures from the staff view's incremental tally (`read_models/dashboard.py`), scoped to
what the signed-in officer may see, exactly as the queue is. Works without script."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.cases.domain.labels import AUTHORITY_LABELS
from services.cases.domain.vocabulary import ElectionType
from services.cases.entrypoints.deps import Cases
from services.cases.entrypoints.web.cartogram import cartogram, legend
from services.cases.entrypoints.web.charts import bars
from services.cases.entrypoints.web.dashboard_query import MAP_METRICS, DashboardQuery, parse_query
from services.cases.entrypoints.web.dashboard_view import (
    missed_block,
    step_rows,
    time_series,
)
from services.cases.entrypoints.web.deps import UiPage
from services.cases.entrypoints.web.regions import region_label
from services.cases.entrypoints.web.templating import Page, render
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.read_models.dashboard import DashboardRead, dashboard

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def area_values(read: DashboardRead, metric: str) -> dict[str, int]:
    return {a.code: int(getattr(a, metric)) for a in read.areas}


def map_values(page: Page, read: DashboardRead, query: DashboardQuery) -> dict[str, object]:
    tr, values = page.tr, area_values(read, query.metric)
    metric_name = tr.t(f"dashboard.metric.{query.metric}")
    if query.filters.province is None:
        svg = cartogram(
            values,
            title=tr.t("dashboard.map_title", metric=metric_name),
            desc=tr.t("dashboard.map_desc", metric=metric_name, total=sum(values.values())),
            href=lambda code: query.link(province=code),
        )
        largest = max(values.values(), default=0)
        return {"map_svg": svg, "map_legend": legend(largest), "area_bars": None}
    area_bars = bars(values, label=lambda code: region_label(code) if code != "unknown" else "-")
    return {"map_svg": None, "map_legend": [], "area_bars": area_bars}


@router.get("/stats")
async def stats(page: UiPage, cases: Cases) -> Response:
    assert page.actor is not None
    cases.view.require_warm()
    query = parse_query(page.request.query_params, now=page.now)
    read = dashboard(tally=cases.view.tally, actor=page.actor, filters=query.filters, now=page.now)
    tr = page.tr
    problems = [tr.t(key, field=tr.t(f"dashboard.filter.{field}")) for field, key in query.problems]
    return render(
        page,
        "stats.html",
        status_code=400 if problems else 200,
        active="stats",
        flash=" ".join(problems) or None,
        flash_kind="error" if problems else None,
        read=read,
        query=query,
        elections=[e.value for e in ElectionType],
        authorities=list(AUTHORITY_LABELS),
        metrics=MAP_METRICS,
        series_blocks=time_series(read, tr),
        missed=missed_block(read, tr),
        steps=step_rows(read, cases.policy, tr),
        by_category=bars(read.open_by_category, label=lambda c: tr.t(f"category.{c}")),
        by_status=bars(read.open_by_status, label=lambda s: tr.label("status", s)),
        by_authority=bars(read.open_by_authority, label=lambda a: tr.label("authority", a)),
        **map_values(page, read, query),
    )
