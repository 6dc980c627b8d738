"""`netra demo`: submit the demo reports to a running system and follow each to its case."""

from __future__ import annotations

import os
import time
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from services.common.cli.demo_reports import DEMO_REPORTS

console = Console(width=160)
FINAL_WHEN = ("notification.delivered", "notification.failed", "notification.dead")


def _wait_for_case(client: httpx.Client, status_url: str, deadline: float) -> dict[str, Any]:
    status: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = client.get(status_url)
        if response.status_code == 200:
            status = response.json()
            actions = {item["action"] for item in status.get("timeline", [])}
            if status.get("case_id") and actions.intersection(FINAL_WHEN):
                return status
        time.sleep(0.5)
    return status


def run(
    intake_url: Annotated[
        str, typer.Option(help="Intake base URL (default: follows INTAKE_PORT)")
    ] = f"http://127.0.0.1:{os.environ.get('INTAKE_PORT', '8000')}",
    wait: Annotated[float, typer.Option(help="Seconds to wait for each case")] = 60.0,
) -> None:
    """Submit realistic reports and print each tracking code and final status."""
    table = Table("kanal", "kode pelacakan", "status", "kategori", "diteruskan ke")
    with httpx.Client(timeout=10) as client:
        receipts = []
        for report in DEMO_REPORTS:
            response = client.post(f"{intake_url}/v1/reports", json=report)
            if response.status_code != 202:
                console.print(f"[red]intake refused a demo report: {response.text}")
                raise typer.Exit(1)
            receipts.append((report["channel"], response.json()))
        deadline = time.monotonic() + wait
        for channel, receipt in receipts:
            status = _wait_for_case(client, receipt["status_url"], deadline)
            table.add_row(
                channel,
                receipt["tracking_code"],
                status.get("status", "?"),
                status.get("category") or "-",
                ", ".join(status.get("routes", [])) or "-",
            )
    console.print(table)
