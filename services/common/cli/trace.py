"""`netra trace <tracking-code|case-id>`: a case's path, hop by hop, with trace ids.

A tracking code uses the public status endpoint; a case id uses the staff API and
needs a token (`--token` or NETRA_TOKEN; `netra token issue --role ops` makes one).
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

console = Console(width=160)

# Which service wrote each kind of timeline entry (after which hop).
HOP_SERVICE = {
    "report.received": "intake",
    "case.opened": "triage -> cases",
    "opened": "triage -> cases",
    "link_report": "triage -> cases",
    "report.linked": "triage -> cases",
    "notification.delivered": "notify -> cases",
    "notification.failed": "notify -> cases",
    "notification.dead": "notify -> cases",
    "case.deadline_approaching": "cases (scheduler)",
    "case.deadline_missed": "cases (scheduler)",
}


def service_of(action: str) -> str:
    return HOP_SERVICE.get(action, "cases (staff)")


def _fetch(
    reference: str, cases_url: str, token: str | None
) -> tuple[str, datetime | None, list[Any]]:
    if reference.upper().startswith("CASE-"):
        if not token:
            console.print("[red]a case id needs a staff token: --token or NETRA_TOKEN")
            raise typer.Exit(2)
        url = f"{cases_url}/v1/cases/{reference}"
        response = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    else:
        response = httpx.get(f"{cases_url}/v1/status/{reference}", timeout=10)
    if response.status_code != 200:
        console.print(f"[red]{response.json().get('detail') or response.json().get('title')}")
        raise typer.Exit(1)
    body = response.json()
    received = body.get("received_at")
    title = (
        f"{body.get('tracking_code', '')} case {body.get('case_id', '-')} status {body['status']}"
    )
    return title, datetime.fromisoformat(received) if received else None, body.get("timeline", [])


def run(
    reference: Annotated[str, typer.Argument(help="Tracking code (NTR-...) or case id (CASE-...)")],
    cases_url: Annotated[
        str, typer.Option(help="Cases service base URL (default: follows CASES_PORT)")
    ] = f"http://127.0.0.1:{os.environ.get('CASES_PORT', '8001')}",
    token: Annotated[str | None, typer.Option(envvar="NETRA_TOKEN", help="Staff token")] = None,
) -> None:
    """Print each hop of a report's path: service, time since the previous hop, trace id."""
    title, received, timeline = _fetch(reference, cases_url, token)
    table = Table("waktu (UTC)", "langkah", "layanan", "selang", "trace id")
    previous = received
    if received is not None:
        table.add_row(
            received.isoformat(timespec="milliseconds"), "report.received", "intake", "-", "-"
        )
    for item in timeline:
        at = datetime.fromisoformat(item["at"])
        gap = f"{(at - previous).total_seconds():.3f}s" if previous else "-"
        action = item["action"]
        table.add_row(
            at.isoformat(timespec="milliseconds"),
            action,
            service_of(action),
            gap,
            item.get("trace_id") or "-",
        )
        previous = at
    console.print(title.strip())
    console.print(table)
