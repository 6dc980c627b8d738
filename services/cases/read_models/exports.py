"""Exports of the actor's visible cases (same filters as the queue): CSV or JSON lines.

One code path for every export of cases: the API's CSV and JSON Lines, and the
workspace's CSV and XLSX (entrypoints/web/routes_exports.py) take the same rows
(`visible_summaries`, or `selected_summaries` for a bulk selection), the same columns
(`CSV_COLUMNS`) and the same values (`export_values`): a role that sees metadata only
(ops) gets no summary in the JSON lines, and no export carries reporter identity.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime

from services.cases.domain.access import can_view
from services.cases.domain.model import Actor
from services.cases.read_models.models import CaseFilters, CaseSummary, ExportFormat
from services.cases.read_models.queue import summary_of, visible_rows
from services.cases.read_models.staff_view import StaffView

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
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
# free text such as an assignee's name gets a leading apostrophe, which shows as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_line(values: list[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([inert(v) for v in values])
    return buffer.getvalue()


def export_values(summary: CaseSummary) -> list[object]:
    """One case as the export's cells, in `CSV_COLUMNS` order (JSON types, "" for none)."""
    data = summary.model_dump(mode="json")
    data["routes"] = ";".join(summary.routes)
    return [data[c] if data[c] is not None else "" for c in CSV_COLUMNS]


def csv_row(summary: CaseSummary) -> str:
    return csv_line(export_values(summary))


def visible_summaries(
    *, view: StaffView, actor: Actor, filters: CaseFilters, now: datetime
) -> Iterator[CaseSummary]:
    """The queue's cases in queue order, as the actor may see them, read lazily.

    Raises `ViewWarming` here, before the first row, while the view loads (so the caller
    answers 503 instead of a truncated file)."""
    view.require_warm()
    rows = visible_rows(view, actor=actor, filters=filters, now=now, cursor=None)
    return (summary_of(row, actor, now) for row in rows)


def selected_summaries(
    *, view: StaffView, actor: Actor, case_ids: Iterable[str], now: datetime
) -> Iterator[CaseSummary]:
    """Chosen cases (a bulk selection) in the order given: unknown ids and cases the actor
    may not see are left out, exactly as the queue would never have shown them."""
    view.require_warm()
    wanted = list(dict.fromkeys(case_ids))
    return (
        summary_of(row, actor, now)
        for case_id in wanted
        if (row := view.rows.get(case_id)) is not None and can_view(actor, row.sight)
    )


def export_cases(
    *,
    view: StaffView,
    actor: Actor,
    filters: CaseFilters,
    fmt: ExportFormat,
    now: datetime,
) -> AsyncIterator[str]:
    """Lines of CSV (header first) or JSON lines, one case each, from the staff view."""
    summaries = visible_summaries(view=view, actor=actor, filters=filters, now=now)
    return export_lines(summaries, fmt=fmt)


async def export_lines(
    summaries: Iterator[CaseSummary], *, fmt: ExportFormat
) -> AsyncIterator[str]:
    if fmt == "csv":
        yield csv_line(list(CSV_COLUMNS))
    for summary in summaries:
        yield csv_row(summary) if fmt == "csv" else summary.model_dump_json() + "\n"
