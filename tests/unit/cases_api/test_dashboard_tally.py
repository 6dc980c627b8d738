"""The dashboard's incremental tally: what one case adds, that replacing and dropping rows
never leaves drift behind, and that merged cells give what a walk over every visible row
gives (the slow way the tally replaces)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from schemas.cases import CaseStatus, TrackKind
from services.cases.domain.access import can_view
from services.cases.domain.model import Actor, Track
from services.cases.domain.vocabulary import Role
from services.cases.read_models.dashboard import (
    DashboardFilters,
    _from_cells,
    _from_rollups,
    dashboard,
    median_hours,
    visible_cells,
)
from services.cases.read_models.dashboard_facts import hours_bucket, series_facts, step_facts
from services.cases.read_models.dashboard_tally import DashboardTally
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_rows import CaseRow, sight_of

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 09:00 WIB
DAY = date(2026, 3, 2)
REGIONS = ["18.12", "18.01", "35.08", None]
ACTORS = [
    Actor(name="o", role=Role.OPS, region="RI"),
    Actor(name="b", role=Role.BAWASLU, region="18.12"),
    Actor(name="p", role=Role.BAWASLU, region="18"),
    Actor(name="k", role=Role.BKN, region="35"),
    Actor(name="g", role=Role.GAKKUMDU, region="18.01"),
]
FORWARDED = Track(kind=TrackKind.NEUTRALITY, decided_at=T0, forwarded_at=T0)


def a_row(n: int, rng: random.Random) -> CaseRow:
    region = rng.choice(REGIONS)
    level = region or "RI"
    routes = [f"BAWASLU:{level}"] + ([f"GAKKUMDU:{level}"] if rng.random() < 0.3 else [])
    tracks = (FORWARDED,) if rng.random() < 0.2 else ()
    opened = T0 + timedelta(hours=rng.uniform(0, 24 * 20))
    changes, at = [("received", opened)], opened
    for status in ("preliminary_review", "registered", "closed")[: rng.randint(0, 3)]:
        at += timedelta(hours=rng.uniform(1, 100))
        changes.append((status, at))
    return CaseRow(
        case_id=f"CASE-{n}",
        status=CaseStatus(changes[-1][0]),
        category=rng.choice(["MONEY_POLITICS", "MOBILIZATION"]),
        subject_type="ASN",
        region_code=region,
        routes=tuple(routes),
        needs_review=False,
        election_type=rng.choice(["pemilu", "pilkada"]),
        opened_at=opened,
        deadline_at=at + timedelta(days=2),
        deadline_state=rng.choice(["ok", "missed"]),
        report_ids=(f"R-{n}",),
        assignee=None,
        summary=None,
        version=len(changes),
        changes=tuple(changes),
        sight=sight_of(f"CASE-{n}", tuple(routes), region, tracks),
        intake=((opened, rng.choice(["web", "sms"])),),
        missed=(opened + timedelta(days=2),) if rng.random() < 0.3 else (),
    )


def snapshot(tally: DashboardTally) -> dict[object, object]:
    cells = {
        (id(c.sight), c.election): (c.cases, Counter(c.series), Counter(c.steps))
        for c in tally.cells.values()
    }
    rollups = {
        key: (Counter(r.series), Counter(r.steps), Counter(r.now), r.areas)
        for key, r in tally.rollups.by_key.items()
    }
    return {"cells": cells, "rollups": rollups}


def test_one_case_adds_its_reports_flow_backlog_steps_and_misses() -> None:
    row = a_row(1, random.Random(1))
    row = replace(
        row,
        opened_at=T0,
        intake=((T0, "sms"),),
        changes=(
            ("received", T0),
            ("preliminary_review", T0 + timedelta(hours=30)),
            ("closed", T0 + timedelta(days=3)),
        ),
        status=CaseStatus.CLOSED,
        missed=(T0 + timedelta(days=1),),
    )
    day = DAY.toordinal()
    assert series_facts(row) == Counter(
        {
            ("reports_by_channel", day, "sms"): 1,
            ("reports_by_category", day, row.category): 1,
            ("opened", day, ""): 1,
            ("backlog", day, "received"): 1,
            ("backlog", day + 1, "received"): -1,
            ("backlog", day + 1, "preliminary_review"): 1,
            ("backlog", day + 3, "preliminary_review"): -1,
            ("closed", day + 3, ""): 1,
            ("missed", day + 1, ""): 1,
        }
    )
    assert step_facts(row) == Counter(
        {(day + 1, "received", 30): 1, (day + 3, "preliminary_review", 42): 1}
    )


def test_buckets_and_the_median_read_from_them() -> None:
    assert [hours_bucket(h) for h in (0.5, 47.9, 50, 239, 250, 10**6)] == [
        0,
        47,
        48,
        234,
        240,
        24 * 365,
    ]
    assert median_hours(Counter({1: 1, 5: 1, 60: 1})) == 5.5
    assert median_hours(Counter()) == 0.0


def test_replacing_and_dropping_rows_leaves_what_the_final_rows_alone_give() -> None:
    rng = random.Random(14)
    view = StaffView()
    for n in range(300):
        view.put(a_row(n, rng))
    for n in rng.sample(range(300), 120):  # a staff write, a read-back, a status change
        view.put(replace(a_row(n, rng), case_id=f"CASE-{n}"))
    for n in rng.sample(range(300), 40):
        view.drop(f"CASE-{n}")
    fresh = DashboardTally()
    for row in view.rows.values():
        fresh.replace(None, row)
    assert snapshot(view.tally) == snapshot(fresh)
    for row in list(view.rows.values()):
        view.drop(row.case_id)
    assert view.tally.cells == {}
    assert all(not r.series and not r.areas for r in view.tally.rollups.by_key.values())


@pytest.mark.parametrize(
    "election,authority",
    [(None, None), ("pilkada", None), (None, "GAKKUMDU"), ("pemilu", "BAWASLU")],
)
def test_the_country_wide_rollups_equal_the_merge_of_every_cell(
    election: str | None, authority: str | None
) -> None:
    rng = random.Random(5)
    view = StaffView()
    for n in range(300):
        view.put(a_row(n, rng))
    filters = DashboardFilters(
        start=DAY, end=DAY + timedelta(days=30), election=election, authority=authority
    )
    cells, matched = visible_cells(view.tally, ACTORS[0], filters)
    assert len(cells) == matched  # ops sees every cell: the rollups answer
    from_cells = _from_cells(cells, filters)
    from_rollups = _from_rollups(view.tally.rollups, filters)
    assert from_rollups.series == from_cells.series
    assert from_rollups.open_now == from_cells.open_now
    assert from_rollups.by_authority == +from_cells.by_authority
    assert from_rollups.areas == from_cells.areas
    assert {e: +c for e, c in from_rollups.steps.items()} == {
        e: +c for e, c in from_cells.steps.items() if c
    }


def test_merged_cells_equal_a_walk_over_the_visible_rows() -> None:
    rng = random.Random(7)
    view = StaffView()
    for n in range(400):
        view.put(a_row(n, rng))
    filters = DashboardFilters(start=DAY, end=DAY + timedelta(days=30))
    first = DAY.toordinal()
    for actor in ACTORS:
        read = dashboard(tally=view.tally, actor=actor, filters=filters, now=T0)
        visible = [r for r in view.rows.values() if can_view(actor, r.sight)]
        opened = Counter(r.opened_at.astimezone(UTC) for r in visible)
        assert sum(read.opened) == sum(opened.values()), actor
        assert read.open_total == sum(r.is_open for r in visible), actor
        assert read.missed_now == sum(r.is_open and r.deadline_state == "missed" for r in visible)
        by_channel: Counter[str] = Counter(ch for r in visible for _, ch in r.intake)
        assert {c: sum(v) for c, v in read.reports_by_channel.items()} == by_channel
        end_of_day_10 = sum(
            1
            for r in visible
            for (status, entered), following in zip(r.changes, [*r.changes[1:], None], strict=True)
            if status != "closed"
            and (entered + timedelta(hours=7)).date().toordinal() <= first + 10
            and (
                following is None
                or (following[1] + timedelta(hours=7)).date().toordinal() > first + 10
            )
        )
        assert sum(v[10] for v in read.backlog_by_status.values()) == end_of_day_10, actor
        areas = {a.code: a.cases for a in read.areas}
        assert sum(areas.values()) == len(visible)


def test_filters_keep_the_cells_they_name() -> None:
    rng = random.Random(3)
    view = StaffView()
    rows = [a_row(n, rng) for n in range(200)]
    for row in rows:
        view.put(row)
    ops = ACTORS[0]
    base = DashboardFilters(start=DAY, end=DAY + timedelta(days=30))
    pilkada = dashboard(
        tally=view.tally, actor=ops, filters=replace(base, election="pilkada"), now=T0
    )
    gakkumdu = dashboard(
        tally=view.tally, actor=ops, filters=replace(base, authority="GAKKUMDU"), now=T0
    )
    lampung = dashboard(tally=view.tally, actor=ops, filters=replace(base, province="18"), now=T0)
    assert sum(pilkada.opened) == sum(r.election_type == "pilkada" for r in rows)
    assert sum(gakkumdu.opened) == sum(
        any(x.startswith("GAKKUMDU") for x in r.routes) for r in rows
    )
    assert {a.code for a in lampung.areas} == {"18.12", "18.01"}
    assert sum(a.cases for a in lampung.areas) == sum(
        (r.region_code or "").startswith("18") for r in rows
    )
