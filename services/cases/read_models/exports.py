"""Exports of the actor's visible cases (same filters as the queue): CSV or JSON lines."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterator
from datetime import datetime

from services.cases.domain.model import Actor
from services.cases.read_models.models import CaseFilters, CaseSummary, ExportFormat
from services.cases.read_models.queue import summary_of, visible_rows
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_rows import CaseRow

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


def csv_line(values: list[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def csv_row(summary: CaseSummary) -> str:
    data = summary.model_dump(mode="json")
    data["routes"] = ";".join(summary.routes)
    return csv_line([data[c] if data[c] is not None else "" for c in CSV_COLUMNS])


def export_cases(
    *,
    view: StaffView,
    actor: Actor,
    filters: CaseFilters,
    fmt: ExportFormat,
    now: datetime,
) -> AsyncIterator[str]:
    """Lines of CSV (header first) or JSON lines, one case each, from the staff view.

    Raises `ViewWarming` before the first line while the view loads, so the caller can
    answer 503 instead of a truncated file."""
    view.require_warm()
    rows = visible_rows(view, actor=actor, filters=filters, now=now, cursor=None)
    return _lines(rows, actor=actor, fmt=fmt, now=now)


async def _lines(
    rows: Iterator[CaseRow], *, actor: Actor, fmt: ExportFormat, now: datetime
) -> AsyncIterator[str]:
    if fmt == "csv":
        yield csv_line(list(CSV_COLUMNS))
    for row in rows:
        summary = summary_of(row, actor, now)
        yield csv_row(summary) if fmt == "csv" else summary.model_dump_json() + "\n"
