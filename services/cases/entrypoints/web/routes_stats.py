"""Statistics: counts by category, region and status, and what is overdue, as bar charts."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Response

from services.cases.domain.vocabulary import TERMINAL_STATUSES
from services.cases.entrypoints.deps import Cases
from services.cases.entrypoints.web.charts import bars
from services.cases.entrypoints.web.deps import UiPage
from services.cases.entrypoints.web.regions import region_label
from services.cases.entrypoints.web.templating import render
from services.cases.entrypoints.web.web_route import WebRoute

TOP_REGIONS = 15
router = APIRouter(route_class=WebRoute, include_in_schema=False)


def open_count(by_status: Mapping[str, int]) -> int:
    return sum(n for status, n in by_status.items() if status not in TERMINAL_STATUSES)


@router.get("/stats")
async def stats(page: UiPage, cases: Cases) -> Response:
    assert page.actor is not None
    numbers = cases.stats.stats(view=cases.view, actor=page.actor, now=page.now)
    tr = page.tr
    return render(
        page,
        "stats.html",
        active="stats",
        stats=numbers,
        open_total=open_count(numbers.by_status),
        by_category=bars(numbers.by_category, label=lambda c: tr.t(f"category.{c}")),
        by_region=bars(numbers.by_region, label=region_label, limit=TOP_REGIONS),
        by_status=bars(numbers.by_status, label=lambda s: tr.label("status", s)),
        overdue_by_status=bars(numbers.overdue_by_status, label=lambda s: tr.label("status", s)),
    )
