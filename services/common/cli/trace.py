"""`netra trace <tracking-code|case-id>`: a case's path, hop by hop, with trace ids."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

console = Console()


def run(
    reference: Annotated[str, typer.Argument(help="Tracking code (NTR-...)")],
    cases_url: Annotated[
        str, typer.Option(help="Cases service base URL")
    ] = "http://127.0.0.1:8001",
) -> None:
    """Print each hop of a report's path: action, time since the previous hop, trace id."""
    response = httpx.get(f"{cases_url}/v1/status/{reference}", timeout=10)
    if response.status_code != 200:
        console.print(f"[red]{response.json().get('detail', response.text)}")
        raise typer.Exit(1)
    status = response.json()
    table = Table("waktu (UTC)", "langkah", "selang", "trace id")
    previous = datetime.fromisoformat(status["received_at"])
    table.add_row(previous.isoformat(timespec="seconds"), "report.received", "-", "-")
    for item in status.get("timeline", []):
        at = datetime.fromisoformat(item["at"])
        gap = f"{(at - previous).total_seconds():.2f}s"
        table.add_row(
            at.isoformat(timespec="seconds"), item["action"], gap, item.get("trace_id") or "-"
        )
        previous = at
    console.print(
        f"{status['tracking_code']}  case {status.get('case_id') or '-'}  status {status['status']}"
    )
    console.print(table)
