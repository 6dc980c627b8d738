"""Exports from the workspace, on the fakes: the filtered queue as CSV (the API's bytes)
and XLSX (the same cells), the statistics, a bulk selection; scoped and redacted as the
API export, formulas kept inert, refused while the view loads."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from fastapi.responses import StreamingResponse
from openpyxl import load_workbook

from schemas.triage import Category
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.entrypoints.deps import cases_deps
from services.cases.entrypoints.web.routes_exports import cases_response, selected_export
from services.cases.read_models.exports import CSV_COLUMNS, visible_summaries
from services.cases.read_models.models import CaseFilters
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.service.cases.web_support import form, signed_in
from tests.unit.cases.packaged_rules import packaged_policy

SECRET_TEXT = "Rahasia: camat Lampung Selatan membagikan amplop"


@pytest.fixture
async def world() -> StaffWorld:
    built = fake_staff_world(packaged_policy())
    await built.seed(region="18.12", text=SECRET_TEXT)
    await built.seed(region="18.12", category=Category.MONEY_POLITICS, text=SECRET_TEXT)
    await built.seed(region="35.08", text=SECRET_TEXT)  # another region's
    return built


def sheet_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_text(rows: list[list[object]]) -> list[list[str]]:
    """XLSX keeps numbers and booleans typed (and 0.0 reads back as 0); CSV writes text."""
    return [[cell_text(v) for v in row] for row in rows]


def cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def csv_cells(rows: list[list[str]]) -> list[list[str]]:
    return [
        [cell_text(float(v)) if v.replace(".", "", 1).isdigit() else v for v in row] for row in rows
    ]


async def download(http: httpx.AsyncClient, path: str, **params: str) -> httpx.Response:
    response = await http.get(path, params=params)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-disposition"].startswith("attachment")
    return response


async def test_the_queue_csv_is_the_api_csv_and_the_xlsx_holds_the_same_cells(
    world: StaffWorld,
) -> None:
    async with signed_in(world, "bawaslu", "18.12") as http:
        ui_csv = await download(http, "/export/cases", format="csv", category="MONEY_POLITICS")
        ui_all = await download(http, "/export/cases", format="csv")
        ui_xlsx = await download(http, "/export/cases", format="xlsx")
    async with world.client() as http:
        api = await http.get(
            "/v1/cases/export",
            params={"format": "csv", "category": "MONEY_POLITICS"},
            headers=token("bawaslu", "18.12"),
        )
    assert ui_csv.content == api.content
    rows = list(csv.reader(io.StringIO(ui_all.text)))
    assert rows[0] == list(CSV_COLUMNS) and len(rows) == 3  # the 35.08 case is not theirs
    assert {r[4] for r in rows[1:]} == {"18.12"}
    assert ui_xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert as_text(sheet_rows(ui_xlsx.content)) == rows
    for body in (ui_all.content, ui_xlsx.content, api.content):
        assert b"amplop" not in body  # the report text is no export column


async def test_ops_gets_the_same_columns_and_never_the_report_text(world: StaffWorld) -> None:
    async with signed_in(world, "ops", "RI") as http:
        exported = await download(http, "/export/cases", format="csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == list(CSV_COLUMNS) and len(rows) == 4
    assert "amplop" not in exported.text


async def test_statistics_export_as_csv_and_xlsx(world: StaffWorld) -> None:
    async with signed_in(world, "bawaslu", "18.12") as http:
        exported = await download(http, "/export/stats", format="csv")
        workbook = await download(http, "/export/stats", format="xlsx")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == ["section", "key", "value"]
    assert ["total", "", "2"] in rows
    assert ["by_category", "MONEY_POLITICS", "1"] in rows
    assert ["by_region", "18.12", "2"] in rows
    # the same figures; generated_at (last) differs: the test clock steps at every reading
    assert as_text(sheet_rows(workbook.content))[:-1] == csv_cells(rows)[:-1]


async def test_an_unknown_format_is_a_400_page_and_a_warming_view_a_503(
    world: StaffWorld,
) -> None:
    async with signed_in(world, "bawaslu", "18.12") as http:
        assert (await http.get("/export/cases", params={"format": "pdf"})).status_code == 400
        world.view.warm = False
        warming = await http.get("/export/cases", params={"format": "xlsx"})
    assert warming.status_code == 503 and warming.headers["retry-after"]


async def test_a_formula_in_a_cell_stays_text(world: StaffWorld) -> None:
    # Assignees come from the directory now, so no form can put a formula into a cell;
    # the writers are checked on a summary carrying one anyway (defence in depth).
    await world.seed(region="18.12")
    actor = Actor(name="Siti", role=Role.BAWASLU, region="18.12")
    view, now = world.app.state.staff_view, world.app.state.clock.now()
    formula = '=HYPERLINK("http://evil.example","klik")'
    summaries = [
        s.model_copy(update={"assignee": formula})
        for s in visible_summaries(view=view, actor=actor, filters=CaseFilters(), now=now)
    ]
    as_csv = await body_of(cases_response(iter(summaries), fmt="csv", name="t"))
    as_xlsx = await body_of(cases_response(iter(summaries), fmt="xlsx", name="t"))
    column = CSV_COLUMNS.index("assignee")
    assert list(csv.reader(io.StringIO(as_csv.decode())))[1][column] == "'" + formula
    sheet = load_workbook(io.BytesIO(as_xlsx)).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=column + 1)
    assert cell.value == formula and cell.data_type == "s"


async def body_of(response: StreamingResponse) -> bytes:
    chunks = [c async for c in response.body_iterator]
    return b"".join(c.encode() if isinstance(c, str) else bytes(c) for c in chunks)


async def test_export_selected_keeps_the_order_and_drops_what_is_not_visible(
    world: StaffWorld,
) -> None:
    mine, _ = await world.seed(region="18.12")
    theirs, _ = await world.seed(region="35.08")
    other, _ = await world.seed(region="18.12")
    app = world.app
    deps = cases_deps(
        app.state.store,
        app.state.reads,
        app.state.deadline_policy,
        app.state.clock,
        app.state.stats,
        app.state.staff_view,
    )
    actor = Actor(name="Siti", role=Role.BAWASLU, region="18.12")
    response = selected_export(
        cases=deps, actor=actor, case_ids=[other, theirs, "CASE-NOPE", mine, other], fmt="csv"
    )
    body = "".join([chunk async for chunk in response.body_iterator])  # type: ignore[misc]
    assert [r[0] for r in csv.reader(io.StringIO(body))] == ["case_id", other, mine]


async def test_export_selected_from_the_queue_form(world: StaffWorld) -> None:
    mine, _ = await world.seed(region="18.12")
    theirs, _ = await world.seed(region="35.08")
    async with signed_in(world, "bawaslu", "18.12") as http:
        queue = await http.get("/")
        assert 'formaction="/bulk/export?format=csv"' in queue.text
        selected = {"case": [f"{theirs}@1", f"{mine}@1"], **form()}
        response = await http.post("/bulk/export", params={"format": "csv"}, data=selected)
        assert response.status_code == 200, response.text[:300]
        assert response.headers["content-disposition"].startswith("attachment")
        assert [r[0] for r in csv.reader(io.StringIO(response.text))] == ["case_id", mine]
        xlsx = await http.post("/bulk/export", params={"format": "xlsx"}, data=selected)
        assert [row[0] for row in sheet_rows(xlsx.content)] == ["case_id", mine]
        nothing = await http.post("/bulk/export", params={"format": "csv"}, data=form())
        assert nothing.status_code == 422
        bad = await http.post("/bulk/export", params={"format": "pdf"}, data=selected)
        assert bad.status_code == 400
