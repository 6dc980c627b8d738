"""Exports from the workspace: the filtered queue and the statistics, as CSV or XLSX.

The queue export is the API's (`read_models/exports.py`: same rows, columns, values and
redaction); the CSV is byte for byte `GET /v1/cases/export?format=csv` with the same
filters. Both stream: CSV a line at a time, XLSX through a write-only workbook on disk
(`adapters/xlsx_export.py`).

For other pages: `tabular_response` streams any table in either format (the dashboard's
figures), `selected_export` the cases of a bulk selection ("export selected").
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from typing import Final, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from services.cases.adapters.xlsx_export import MEDIA_TYPE as XLSX_MEDIA_TYPE
from services.cases.adapters.xlsx_export import Rows, xlsx_chunks
from services.cases.domain.model import Actor
from services.cases.entrypoints.deps import Cases, CasesDeps
from services.cases.entrypoints.web.deps import Form, UiPage
from services.cases.entrypoints.web.routes_bulk import selected_cases
from services.cases.entrypoints.web.routes_queue import filters_from
from services.cases.entrypoints.web.session import signed_in
from services.cases.entrypoints.web.templating import render
from services.cases.entrypoints.web.web_route import WebRoute, error_page
from services.cases.read_models.exports import (
    CSV_COLUMNS,
    csv_line,
    export_lines,
    export_values,
    selected_summaries,
    visible_summaries,
)
from services.cases.read_models.models import CaseSummary
from services.cases.read_models.stats_export import STATS_COLUMNS, stats_rows

TableFormat = Literal["csv", "xlsx"]
FORMATS: Final[dict[str, str]] = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_MEDIA_TYPE}
router = APIRouter(route_class=WebRoute, include_in_schema=False)


def table_format(value: str | None) -> TableFormat | None:
    if value == "csv":
        return "csv"
    return "xlsx" if value == "xlsx" else None


async def _csv_text(columns: Sequence[str], rows: Rows) -> AsyncIterator[str]:
    yield csv_line(list(columns))
    if isinstance(rows, Iterable):
        for values in rows:
            yield csv_line(list(values))
    else:
        async for values in rows:
            yield csv_line(list(values))


def attachment(
    body: AsyncIterator[str] | AsyncIterator[bytes], *, fmt: TableFormat, name: str
) -> StreamingResponse:
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return StreamingResponse(body, media_type=FORMATS[fmt], headers=headers)


def tabular_response(
    columns: Sequence[str], rows: Rows, *, fmt: TableFormat, name: str
) -> StreamingResponse:
    """Any table as a streamed CSV or XLSX download named `<name>.<fmt>`."""
    if fmt == "csv":
        return attachment(_csv_text(columns, rows), fmt=fmt, name=name)
    return attachment(xlsx_chunks(columns, rows, title=name), fmt=fmt, name=name)


def cases_response(
    summaries: Iterator[CaseSummary], *, fmt: TableFormat, name: str
) -> StreamingResponse:
    if fmt == "csv":  # the API's own lines
        return attachment(export_lines(summaries, fmt="csv"), fmt=fmt, name=name)
    rows = (export_values(summary) for summary in summaries)
    return tabular_response(CSV_COLUMNS, rows, fmt=fmt, name=name)


def selected_export(
    *, cases: CasesDeps, actor: Actor, case_ids: Iterable[str], fmt: TableFormat
) -> StreamingResponse:
    """The chosen cases the actor may see, in the order chosen (for "export selected")."""
    summaries = selected_summaries(
        view=cases.view, actor=actor, case_ids=case_ids, now=cases.clock.now()
    )
    return cases_response(summaries, fmt=fmt, name="netra-cases-selected")


@router.get("/export/cases")
async def export_queue(request: Request, page: UiPage, cases: Cases) -> Response:
    assert page.actor is not None
    params = dict(request.query_params)
    fmt = table_format(params.get("format"))
    if fmt is None:
        return error_page(request, 400, "export.bad_format")
    filters = filters_from(params, me=signed_in(request).subject)
    summaries = visible_summaries(view=cases.view, actor=page.actor, filters=filters, now=page.now)
    return cases_response(summaries, fmt=fmt, name="netra-cases")


@router.get("/export/stats")
async def export_stats(request: Request, page: UiPage, cases: Cases) -> Response:
    """The statistics page's figures (the current statistics read model)."""
    assert page.actor is not None
    fmt = table_format(request.query_params.get("format"))
    if fmt is None:
        return error_page(request, 400, "export.bad_format")
    numbers = cases.stats.stats(view=cases.view, actor=page.actor, now=page.now)
    return tabular_response(STATS_COLUMNS, stats_rows(numbers), fmt=fmt, name="netra-stats")


@router.post("/bulk/export")
async def bulk_export(request: Request, page: UiPage, form: Form, cases: Cases) -> Response:
    """The selected cases the actor may see, in the queue's order, as `?format=csv|xlsx`."""
    assert page.actor is not None
    fmt = table_format(request.query_params.get("format"))
    if fmt is None:
        return error_page(request, 400, "export.bad_format")
    chosen = [case_id for case_id, _ in selected_cases(form)]
    if not chosen:
        message = page.tr.t("bulk.nothing")
        return render(page, "bulk_result.html", 422, outcomes=[], flash=message, flash_kind="error")
    return selected_export(cases=cases, actor=page.actor, case_ids=chosen, fmt=fmt)
