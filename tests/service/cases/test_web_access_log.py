"""The reporter-identity access log, on the fakes: a reason is asked for and kept, the
supervisors' page shows who opened what and why within their scope, filters, pages and
exports it, and refuses everyone else (also when they type the URL)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from services.cases.read_models.access_log_view import EXPORT_BATCH, PAGE_SIZE
from tests.service.cases.staff_support import OPENING_DAY, StaffWorld, fake_staff_world, token
from tests.service.cases.web_support import form, signed_in
from tests.unit.cases.packaged_rules import packaged_policy

REGION = "18.01"


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


async def open_identity(world: StaffWorld, case_id: str, reason: str, name: str) -> int:
    async with signed_in(world, "bawaslu", REGION, name=name) as http:
        response = await http.post(f"/cases/{case_id}/reporter", data=form(reason=reason))
    return response.status_code


async def log_page(
    world: StaffWorld, role: str, region: str | None, **params: str
) -> tuple[int, str]:
    async with signed_in(world, role, region) as http:
        response = await http.get("/access-log", params={"lang": "en", **params})
    return response.status_code, response.text


async def test_the_workspace_asks_why_and_the_log_keeps_it(world: StaffWorld) -> None:
    case_id, report_id = await world.seed(region=REGION)
    assert await open_identity(world, case_id, "", "Siti") == 422  # nothing opened
    assert await world.access_log.entries_for(case_id) == []
    assert await open_identity(world, case_id, "panggilan klarifikasi", "Siti") == 200
    [entry] = await world.access_log.entries_for(case_id)
    assert (entry["name"], entry["report_id"], entry["reason"]) == (
        "Siti",
        report_id,
        "panggilan klarifikasi",
    )
    status, html = await log_page(world, "bawaslu", "18")
    assert status == 200
    assert case_id in html and "panggilan klarifikasi" in html and "Reporter identity" in html


async def test_the_api_keeps_a_reason_when_given(world: StaffWorld) -> None:
    case_id, _ = await world.seed(region=REGION)
    async with world.client() as http:
        response = await http.get(
            f"/v1/cases/{case_id}/reporter",
            params={"reason": "verifikasi"},
            headers=token("bawaslu", REGION),
        )
    assert response.status_code == 200
    [entry] = await world.access_log.entries_for(case_id)
    assert entry["reason"] == "verifikasi"


@pytest.mark.parametrize(
    ("role", "region", "sees"),
    [
        ("admin", None, True),
        ("bawaslu", "RI", True),
        ("bawaslu", "18", True),  # the province above the officer's office
        ("bawaslu", "35", False),  # another province: allowed in, sees nothing of 18.01
    ],
)
async def test_supervisors_see_accesses_within_their_scope(
    world: StaffWorld, role: str, region: str | None, sees: bool
) -> None:
    case_id, _ = await world.seed(region=REGION)
    assert await open_identity(world, case_id, "klarifikasi", "Siti") == 200
    status, html = await log_page(world, role, region)
    assert status == 200
    assert (f'data-case="{case_id}"' in html) is sees


@pytest.mark.parametrize(
    ("role", "region"),
    [("bawaslu", REGION), ("bawaslu", None), ("bkn", "RI"), ("ops", "RI"), ("gakkumdu", "18")],
)
async def test_everyone_else_is_refused_the_page_and_the_export(
    world: StaffWorld, role: str, region: str | None
) -> None:
    case_id, _ = await world.seed(region=REGION)
    assert await open_identity(world, case_id, "klarifikasi", "Siti") == 200
    async with signed_in(world, role, region) as http:
        queue = await http.get("/")
        page = await http.get("/access-log")
        export = await http.get("/access-log/export.csv")
    assert 'href="/access-log"' not in queue.text  # no link in the menu
    assert page.status_code == 403 and export.status_code == 403
    assert case_id not in page.text and case_id not in export.text


async def test_filters_by_officer_case_and_period(world: StaffWorld) -> None:
    first, _ = await world.seed(region=REGION)
    second, _ = await world.seed(region=REGION)
    assert await open_identity(world, first, "a", "Siti") == 200
    assert await open_identity(world, second, "b", "Budi") == 200
    by_officer = (await log_page(world, "admin", None, officer="Budi"))[1]
    assert f'data-case="{second}"' in by_officer and f'data-case="{first}"' not in by_officer
    by_case = (await log_page(world, "admin", None, case_id=first))[1]
    assert f'data-case="{first}"' in by_case and f'data-case="{second}"' not in by_case
    day = OPENING_DAY.date()  # the stepping clock is minutes past 09:00 WIB that day
    on_the_day = (await log_page(world, "admin", None, **{"from": str(day), "to": str(day)}))[1]
    assert on_the_day.count('class="access-entry"') == 2
    later = str(day + timedelta(days=1))
    assert (
        'class="access-entry"' not in (await log_page(world, "admin", None, **{"from": later}))[1]
    )


async def test_pages_and_the_csv_walk_the_whole_log_in_bounded_reads(world: StaffWorld) -> None:
    case_id, _ = await world.seed(region=REGION)
    total = EXPORT_BATCH + PAGE_SIZE + 3
    for n in range(total):
        await world.access_log.record(
            {
                "_id": f"acc-{n:05d}",
                "at": OPENING_DAY + timedelta(minutes=n),
                "subject": "dev:bawaslu:Siti",
                "name": "Siti",
                "role": "bawaslu",
                "region": REGION,
                "agency": None,
                "case_id": case_id,
                "report_id": "RPT-1",
                "reason": '=HYPERLINK("http://x")' if n == 0 else f"alasan {n}",
                "trace_id": None,
            }
        )
    status, html = await log_page(world, "bawaslu", "18")
    assert status == 200 and html.count('class="access-entry"') == PAGE_SIZE
    assert f"alasan {total - 1}" in html  # newest first
    next_url = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    async with signed_in(world, "bawaslu", "18") as http:
        second = (await http.get(next_url.replace("&amp;", "&"))).text
        exported = await http.get("/access-log/export.csv")
    assert second.count('class="access-entry"') == PAGE_SIZE
    assert f"alasan {total - PAGE_SIZE - 1}" in second
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == total and rows[0]["reason"] == f"alasan {total - 1}"
    assert rows[-1]["reason"].startswith("'=")  # a formula in a reason stays text
    assert exported.headers["content-disposition"].startswith("attachment")
