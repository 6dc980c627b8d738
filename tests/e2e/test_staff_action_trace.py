"""Issue 14 item 6: a staff action taken in the workspace is one trace from the request on.

The workspace form (session and CSRF cookies, as a browser sends them) assigns the case;
the timeline entry of the action, the `case.assigned` event relayed from the outbox, the
officer's deliveries in notify and their `notification.delivered` entries back on the case
all carry the trace the request's server span started, and `netra trace <tracking code>`
shows them under it.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from typer.testing import CliRunner

from services.cases.entrypoints.web.csrf import CSRF_COOKIE, CSRF_FIELD
from services.cases.entrypoints.web.session import SESSION_COOKIE
from services.cli import app
from tests.e2e.helpers import status_when, submit
from tests.e2e.lifecycle_support import staff_headers
from tests.infra import SessionInfra

CSRF = "e2e-csrf-value-of-the-workspace"


def workspace_client(cases_url: str, env: dict[str, str]) -> httpx.Client:
    """Signed in as a Bawaslu officer of Lampung Selatan, as the browser would be."""
    bearer = staff_headers(env, "bawaslu", "18.01", "Siti Rahmawati")["Authorization"]
    cookies = {SESSION_COOKIE: bearer.removeprefix("Bearer "), CSRF_COOKIE: CSRF}
    return httpx.Client(base_url=cases_url, cookies=cookies, timeout=15)


def entries_after_assign(status: dict[str, Any]) -> tuple[str | None, list[dict[str, Any]]]:
    """The assignment's trace id and the deliveries that came after it."""
    timeline = status.get("timeline", [])
    at = next((i for i, e in enumerate(timeline) if e["action"] == "assign"), None)
    if at is None:
        return None, []
    later = [e for e in timeline[at + 1 :] if e["action"] == "notification.delivered"]
    return timeline[at]["trace_id"], later


def test_an_assignment_in_the_workspace_is_one_trace_to_the_officers_messages(
    services: dict[str, str], infra: SessionInfra
) -> None:
    cases = services["cases"]
    suffix = uuid.uuid4().hex[:6]
    report = {
        "channel": "web",
        "text": (
            f"Sekretaris camat {suffix} di Kabupaten Lampung Selatan memasang spanduk paslon "
            "bupati nomor urut 2 di kantor kecamatan dan mengajak pegawai memilihnya."
        ),
    }
    receipt, report_trace = submit(services["intake"], report)
    tracking = receipt["tracking_code"]
    status = status_when(cases, tracking, lambda s: s.get("case_id") is not None, "the case")
    case_id = status["case_id"]
    assert "BAWASLU:18.01" in status["routes"], status["routes"]

    with workspace_client(cases, infra.env) as browser:
        page = browser.get(f"/cases/{case_id}/assign")
        assert page.status_code == 200 and "staf.lamsel.01" in page.text
        version = page.text.split('name="expected_version" value="')[1].split('"')[0]
        posted = browser.post(
            f"/cases/{case_id}/assign",
            data={
                CSRF_FIELD: CSRF,
                "expected_version": version,
                "assignee": "staf.lamsel.01",
                "reason": "penanganan",
            },
        )
    assert posted.status_code == 303, posted.text[:500]

    # The officer hears by email and WhatsApp: two delivered entries after the assignment.
    done = status_when(
        cases, tracking, lambda s: len(entries_after_assign(s)[1]) >= 2, "the officer's messages"
    )
    action_trace, delivered = entries_after_assign(done)
    assert action_trace and action_trace != report_trace  # the request's own trace
    assert {e["trace_id"] for e in delivered} == {action_trace}

    shown = CliRunner().invoke(app, ["trace", tracking, "--cases-url", cases])
    assert shown.exit_code == 0, shown.output
    rows = [line for line in shown.output.splitlines() if action_trace in line]
    assert any("assign" in line and "cases (staff)" in line for line in rows), shown.output
    assert sum("notification.delivered" in line for line in rows) >= 2, shown.output
