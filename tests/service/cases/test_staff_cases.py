"""Transitions, links, reporter access, queue, export and stats through the HTTP API, on the
in-memory store (the races at the store itself: tests/integration/test_staff_cases.py)."""

from __future__ import annotations

import asyncio
import csv
import io
import json

import pytest

from schemas.triage import Category
from services.cases.read_models.documents import state_of
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


async def _transition(world: StaffWorld, case_id: str, version: int, **body: object) -> dict:  # type: ignore[type-arg]
    async with world.client() as http:
        response = await http.post(
            f"/v1/cases/{case_id}/transitions",
            json={"expected_version": version, **body},
            headers=BAWASLU,
        )
    return {**response.json(), "http": response.status_code}


async def test_transitions_write_state_timeline_and_outbox_together(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    first = await _transition(world, case_id, 1, command="start_review")
    assert first["http"] == 200 and first["status"] == "preliminary_review"
    second = await _transition(world, case_id, 2, command="register", reason="lengkap")
    assert second["version"] == 3
    assert [t["action"] for t in second["timeline"]] == ["opened", "start_review", "register"]
    assert second["timeline"][-1]["actor"] == "Siti Bawaslu"
    assert "start_clarification" in second["allowed_actions"]
    document = await world.document(case_id)
    assert document["status"] == "registered"
    assert state_of(document).deadline_at is not None
    types = [e["type"] for e in document["outbox"]]
    assert types == ["case.status_changed", "case.status_changed", "case.registered"]
    assert world.published.types() == ["case.opened"]  # the hot path published it at once


async def test_refusals_are_problem_json_and_change_nothing(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    stale = await _transition(world, case_id, 7, command="start_review")
    assert stale["http"] == 409 and stale["current_version"] == 1
    wrong_state = await _transition(world, case_id, 1, command="decide_plenary")
    assert wrong_state["http"] == 409
    no_reason = await _transition(world, case_id, 1, command="withdraw")
    assert no_reason["http"] == 422 and no_reason["field"] == "reason"
    unknown = await _transition(world, case_id, 1, command="teleport")
    assert unknown["http"] == 422
    linking = await _transition(world, case_id, 1, command="link_report", report_id="RPT-1")
    assert linking["http"] == 422
    document = await world.document(case_id)
    assert document["version"] == 1 and len(document["timeline"]) == 1


async def test_anonymous_report_cannot_be_registered_but_can_become_a_finding(
    world: StaffWorld,
) -> None:
    case_id, _ = await world.seed(anonymous=True)
    await _transition(world, case_id, 1, command="start_review")
    refused = await _transition(world, case_id, 2, command="register")
    assert refused["http"] == 409
    finding = await _transition(world, case_id, 2, command="register_as_finding", reason="temuan")
    assert finding["http"] == 200 and finding["registration"] == "finding"


async def test_two_concurrent_transitions_exactly_one_wins(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    results = await asyncio.gather(
        _transition(world, case_id, 1, command="start_review"),
        _transition(world, case_id, 1, command="withdraw", reason="dicabut pelapor"),
    )
    assert sorted(r["http"] for r in results) == [200, 409]
    document = await world.document(case_id)
    assert document["version"] == 2 and len(document["timeline"]) == 2


async def test_assign_and_notes(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    async with world.client() as http:
        assigned = await http.post(
            f"/v1/cases/{case_id}/assign", json={"assignee": "staf.tubaba.01"}, headers=BAWASLU
        )
        await http.post(f"/v1/cases/{case_id}/notes", json={"text": "catatan 1"}, headers=BAWASLU)
        noted = await http.post(
            f"/v1/cases/{case_id}/notes", json={"text": "catatan 2"}, headers=BAWASLU
        )
        as_ops = await http.get(f"/v1/cases/{case_id}", headers=token("ops", "RI"))
    assert assigned.json()["assignee"] == "staf.tubaba.01" and assigned.json()["version"] == 2
    assert [n["text"] for n in noted.json()["notes"]] == ["catatan 1", "catatan 2"]
    ops_view = as_ops.json()
    assert ops_view["notes"] == [] and ops_view["summary"] is None


async def test_reporter_read_is_logged_and_never_printed(
    world: StaffWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id, report_id = await world.seed()
    async with world.client() as http:
        response = await http.get(
            f"/v1/cases/{case_id}/reporter?reason=klarifikasi", headers=BAWASLU
        )
        ops = await http.get(
            f"/v1/cases/{case_id}/reporter?reason=klarifikasi", headers=token("ops", "RI")
        )
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert response.json()["identity"]["name"] == "Budi Santoso"
    assert ops.status_code == 403
    [entry] = await world.access_log.entries_for(case_id)
    assert (entry["name"], entry["role"], entry["report_id"]) == (
        "Siti Bawaslu",
        "bawaslu",
        report_id,
    )
    assert entry["subject"] and entry["at"]
    printed = capsys.readouterr()
    assert "Budi" not in printed.out + printed.err and "6281234567890" not in printed.out


async def test_a_reporter_read_without_a_reason_is_refused_and_opens_nothing(
    world: StaffWorld,
) -> None:
    case_id, _ = await world.seed()
    async with world.client() as http:
        missing = await http.get(f"/v1/cases/{case_id}/reporter", headers=BAWASLU)
        blank = await http.get(f"/v1/cases/{case_id}/reporter?reason=+++", headers=BAWASLU)
    for refused in (missing, blank):
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "reason" in refused.text and "Budi" not in refused.text
    assert await world.access_log.entries_for(case_id) == []


async def test_link_a_report_from_another_case_and_split_it_out(world: StaffWorld) -> None:
    target, _ = await world.seed()
    source, _ = await world.seed(dedup_key="viral")
    _, moved = await world.seed(dedup_key="viral")  # joins `source` as a duplicate
    async with world.client() as http:
        linked = await http.post(
            f"/v1/cases/{target}/links",
            json={"report_id": moved, "reason": "sama"},
            headers=BAWASLU,
        )
        source_after = await http.get(f"/v1/cases/{source}", headers=BAWASLU)
        split = await http.delete(
            f"/v1/cases/{target}/links/{moved}", params={"reason": "beda"}, headers=BAWASLU
        )
    assert linked.status_code == 200, linked.text
    assert moved in [r["report_id"] for r in linked.json()["reports"]]
    assert moved not in [r["report_id"] for r in source_after.json()["reports"]]
    assert split.status_code == 200, split.text
    body = split.json()
    assert moved not in [r["report_id"] for r in body["source"]["reports"]]
    assert [r["report_id"] for r in body["new_case"]["reports"]] == [moved]
    assert body["new_case"]["needs_review"] is True
    report = await world.store.report(moved)
    assert report is not None and report["case_id"] == body["new_case"]["case_id"]


async def test_queue_filters_sorting_and_cursor(world: StaffWorld) -> None:
    ids = [(await world.seed(region="18.12"))[0] for _ in range(3)]
    crime, _ = await world.seed(
        region="18.12", routes=["BAWASLU:18.12", "GAKKUMDU:18.12"], category=Category.MONEY_POLITICS
    )
    closed, _ = await world.seed(region="18.12")
    await _transition(world, closed, 1, command="start_review")
    await _transition(world, closed, 2, command="not_register", reason="kedaluwarsa")
    await _transition(world, ids[0], 1, command="start_review")  # a later deadline
    seen: list[str] = []
    cursor = None
    async with world.client() as http:
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await http.get("/v1/cases", params=params, headers=BAWASLU)).json()
            seen += [item["case_id"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        gakkumdu = await http.get("/v1/cases", params={"authority": "GAKKUMDU"}, headers=BAWASLU)
        money = await http.get("/v1/cases", params={"category": "MONEY_POLITICS"}, headers=BAWASLU)
        status = await http.get("/v1/cases", params={"status": "not_registered"}, headers=BAWASLU)
        text = await http.get("/v1/cases", params={"q": "DEKLARASI"}, headers=BAWASLU)
        bad = await http.get("/v1/cases", params={"cursor": "###"}, headers=BAWASLU)
    assert sorted(seen) == sorted([*ids, crime, closed]) and len(seen) == 5
    assert seen[-1] == closed  # no deadline: last
    # received and preliminary_review both count 2 working days from opening: same deadline
    # order as opened, ties broken by case id, so the reviewed case keeps its place
    deadlines = [d for d in seen[:-1]]
    assert len(deadlines) == 4
    assert [i["case_id"] for i in gakkumdu.json()["items"]] == [crime]
    assert [i["case_id"] for i in money.json()["items"]] == [crime]
    assert [i["case_id"] for i in status.json()["items"]] == [closed]
    assert len(text.json()["items"]) == 5
    assert bad.status_code == 400


async def test_export_csv_and_jsonl_with_filters(world: StaffWorld) -> None:
    for _ in range(2):
        await world.seed(region="18.12")
    await world.seed(region="18.12", routes=["BAWASLU:18.12", "GAKKUMDU:18.12"])
    async with world.client() as http:
        as_csv = await http.get("/v1/cases/export", params={"format": "csv"}, headers=BAWASLU)
        as_jsonl = await http.get(
            "/v1/cases/export",
            params={"format": "jsonl", "authority": "GAKKUMDU"},
            headers=BAWASLU,
        )
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(rows) == 3 and rows[0]["region_code"] == "18.12"
    lines = [json.loads(line) for line in as_jsonl.text.splitlines()]
    assert [line["routes"] for line in lines] == [["BAWASLU:18.12", "GAKKUMDU:18.12"]]


async def test_stats_count_what_the_actor_sees(world: StaffWorld) -> None:
    mine, _ = await world.seed(region="18.12")
    await world.seed(region="18.12", routes=["BAWASLU:18.12", "GAKKUMDU:18.12"])
    await world.seed(region="35.08")
    await _transition(world, mine, 1, command="start_review")
    async with world.client() as http:
        local = (await http.get("/v1/stats", headers=BAWASLU)).json()
        national = (await http.get("/v1/stats", headers=token("ops", "RI"))).json()
    assert local["total"] == 2 and national["total"] == 3
    assert local["by_status"] == {"received": 1, "preliminary_review": 1}
    assert local["by_authority"] == {"BAWASLU": 2, "GAKKUMDU": 1}
    assert national["by_region"] == {"18.12": 2, "35.08": 1}
    assert {d["status"] for d in local["time_in_state"]} == {"received", "preliminary_review"}
    assert local["overdue"] == 0
