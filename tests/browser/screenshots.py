"""Screenshots of the dashboard and the case page, desktop and phone, for docs/screenshots/.

    .venv/bin/python tests/browser/screenshots.py [--out docs/screenshots] [--cases 3000]

No Kafka or store needed: the workspace app on the in-memory fakes (as the service tests
build it), one case filed through the real filing use case and moved on once (the case
page), and `--cases` synthetic cases with a 90-day life in the staff view (the dashboard;
bench_dashboard.py's seeding). Served by uvicorn on a free loopback port and shot with
Debian's headless Chromium, as tests/browser does.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import uvicorn
from playwright.sync_api import BrowserContext, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from services.cases.entrypoints.web.session import SESSION_COOKIE
from services.cases.read_models.view_rows import row_from_document
from services.common.clock import SystemClock
from tests.bench.bench_dashboard import a_life
from tests.bench.bench_staff_view import documents
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.infra import free_ports
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


async def a_world(cases: int) -> tuple[StaffWorld, str]:
    world = fake_staff_world(packaged_policy(), clock=SystemClock())
    case_id, _ = await world.seed(region="18.01")
    async with world.client() as http:
        moved = await http.post(
            f"/v1/cases/{case_id}/transitions",
            json={"expected_version": 1, "command": "start_review", "reason": "Berkas lengkap."},
            headers=token("bawaslu", "18.01", name="Siti Rahma"),
        )
        moved.raise_for_status()
    rng, now = random.Random(14), datetime.now(UTC)
    synthetic, _ = documents(cases)
    for document in synthetic:
        a_life(document, rng, now)
        document.setdefault(
            "reports",
            [
                {
                    "report_id": f"R-{document['_id']}",
                    "anonymous": False,
                    "linked_at": document["opened_at"],
                }
            ],
        )
        world.view.put(row_from_document(document))
    return world, case_id


def serve(world: StaffWorld) -> tuple[uvicorn.Server, str]:
    (port,) = free_ports(1)
    server = uvicorn.Server(
        uvicorn.Config(world.app, host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/login", timeout=1).raise_for_status()
            return server, url
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the workspace did not start")


def signed_in(context: BrowserContext, url: str, role: str, region: str) -> None:
    bearer = token(role, region, name="Siti Rahma")["Authorization"].removeprefix("Bearer ")
    context.add_cookies([{"name": SESSION_COOKIE, "value": bearer, "url": url}])


def shoot(out: Path, url: str, case_id: str) -> list[Path]:
    taken = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            phone = device == "phone"
            context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)  # type: ignore[arg-type]
            signed_in(context, url, "ops", "RI")
            page = context.new_page()
            for name, path in (
                ("dashboard", "/stats?lang=id"),
                ("dashboard-province", "/stats?province=18&lang=en"),
            ):
                page.goto(url + path)
                taken.append(out / f"{name}-{device}.png")
                page.screenshot(path=taken[-1], full_page=True)
            context.clear_cookies()
            signed_in(context, url, "bawaslu", "18.01")
            page.goto(f"{url}/cases/{case_id}?lang=id")
            taken.append(out / f"case-{device}.png")
            page.screenshot(path=taken[-1], full_page=True)
            context.close()
        browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--cases", type=int, default=3000)
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    world, case_id = asyncio.run(a_world(arguments.cases))
    server, url = serve(world)
    try:
        for path in shoot(arguments.out, url, case_id):
            print(f"wrote {path}")
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main()
