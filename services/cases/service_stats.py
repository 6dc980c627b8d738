"""Statistics and exports over the actor's visible cases (same filters as the queue)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import datetime

from services.cases.adapters.repository import CaseRepository
from services.cases.domain.access import can_view
from services.cases.domain.model import Actor, CaseState
from services.cases.schemas import CaseFilters, CaseSummary, ExportFormat, StatsRead
from services.cases.service_core import utcnow
from services.cases.service_queue import iter_cases
from services.cases.stats import compute_stats
from services.cases.storage import state_of

STATS_PROJECTION = {"outbox": 0, "notifications": 0, "notes": 0, "summary": 0}
CSV_COLUMNS = (
    "case_id",
    "status",
    "category",
    "subject_type",
    "region_code",
    "routes",
    "needs_review",
    "election_type",
    "opened_at",
    "deadline_at",
    "deadline_state",
    "overdue",
    "linked_reports",
    "assignee",
    "version",
)


async def case_stats(
    *, repo: CaseRepository, actor: Actor, now: datetime | None = None
) -> StatsRead:
    now = now or utcnow()
    visible: list[CaseState] = []
    async for document in repo.scan({}, projection=STATS_PROJECTION):
        case = state_of(document)
        if can_view(actor, case):
            visible.append(case)
    return compute_stats(visible, now=now)


def csv_line(values: list[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def csv_row(summary: CaseSummary) -> str:
    data = summary.model_dump(mode="json")
    data["routes"] = ";".join(summary.routes)
    return csv_line([data[c] if data[c] is not None else "" for c in CSV_COLUMNS])


async def export_cases(
    *,
    repo: CaseRepository,
    actor: Actor,
    filters: CaseFilters | None = None,
    fmt: ExportFormat = "csv",
    now: datetime | None = None,
) -> AsyncIterator[str]:
    """Lines of CSV (header first) or JSON lines, one case each, produced as they are read."""
    if fmt == "csv":
        yield csv_line(list(CSV_COLUMNS))
    async for summary in iter_cases(repo=repo, actor=actor, filters=filters, now=now):
        yield csv_row(summary) if fmt == "csv" else summary.model_dump_json() + "\n"
