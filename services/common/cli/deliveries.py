"""`netra deliveries list|show|retry`: notify's deliveries for ops, over its admin API.

Talks to NOTIFY_URL (default http://127.0.0.1:8002) with NOTIFY_ADMIN_TOKEN (in
development: the token file notify made, NOTIFY_ADMIN_DEV_TOKEN_FILE, by default
var/secrets/notify-admin-token as `make run` writes it). A reporter's
address is never shown (notify hides it); nothing here reads the store directly.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

app = typer.Typer(
    help="Notification deliveries: list what waits or died, show one, retry a dead one.",
    no_args_is_help=True,
)
console = Console(width=160)
DEV_TOKEN_FILE = Path(
    os.environ.get("NOTIFY_ADMIN_DEV_TOKEN_FILE") or "var/secrets/notify-admin-token"
)
NotifyUrl = Annotated[str, typer.Option(envvar="NOTIFY_URL", help="notify's base URL")]
Token = Annotated[str, typer.Option(envvar="NOTIFY_ADMIN_TOKEN", help="admin bearer token")]
DEFAULT_URL = "http://127.0.0.1:8002"


def _token(given: str) -> str:
    if given:
        return given
    if DEV_TOKEN_FILE.exists():
        return DEV_TOKEN_FILE.read_text().strip()
    console.print("[red]NOTIFY_ADMIN_TOKEN is not set (and no development token file)")
    raise typer.Exit(2)


def _call(method: str, url: str, token: str, **kwargs: Any) -> dict[str, Any]:
    try:
        response = httpx.request(
            method, url, headers={"Authorization": f"Bearer {_token(token)}"}, timeout=30, **kwargs
        )
    except httpx.HTTPError as exc:
        console.print(f"[red]notify unreachable at {escape(url)}: {escape(str(exc))}")
        raise typer.Exit(1) from exc
    body: dict[str, Any] = response.json()
    if response.status_code >= 400:
        console.print(f"[red]{escape(body.get('title', ''))}: {escape(body.get('detail', ''))}")
        raise typer.Exit(1)
    return body


@app.command("list")
def list_deliveries(
    state: Annotated[
        str | None, typer.Option(help="pending, retrying, dead (delivered: with --case)")
    ] = None,
    case: Annotated[str | None, typer.Option(help="one case's deliveries, delivered too")] = None,
    limit: int = 100,
    notify_url: NotifyUrl = DEFAULT_URL,
    token: Token = "",
) -> None:
    params: dict[str, Any] = {"limit": limit}
    if state:
        params["state"] = state
    if case:
        params["case_id"] = case
    body = _call("GET", f"{notify_url}/admin/deliveries", token, params=params)
    table = Table(
        "notification",
        "case",
        "event",
        "recipient",
        "channel",
        "state",
        "attempts",
        "next attempt",
        "last detail",
    )
    for d in body["deliveries"]:
        table.add_row(
            *(
                escape(str(d[k] or ""))
                for k in (
                    "notification_id",
                    "case_id",
                    "event_type",
                    "recipient_id",
                    "channel",
                    "state",
                    "attempts",
                    "next_attempt_at",
                    "last_detail",
                )
            )
        )
    console.print(table)
    console.print(f"{len(body['deliveries'])} deliveries")


@app.command("show")
def show(notification_id: str, notify_url: NotifyUrl = DEFAULT_URL, token: Token = "") -> None:
    d = _call("GET", f"{notify_url}/admin/deliveries/{notification_id}", token)
    for key in (
        "notification_id",
        "case_id",
        "event_type",
        "recipient_id",
        "channel",
        "target",
        "state",
        "attempts",
        "planned_at",
        "next_attempt_at",
        "last_detail",
    ):
        console.print(f"[bold]{key}[/bold]: {escape(str(d[key]))}")
    table = Table("seq", "step", "at", "detail", "next due")
    for s in d["steps"]:
        table.add_row(str(s["seq"]), s["kind"], s["at"], escape(s["detail"]), s["next_due"] or "")
    console.print(table)
    if d.get("receipts"):  # the SMS/WhatsApp gateway's delivery receipts
        receipts = Table("receipt", "message id", "at", "error")
        for r in d["receipts"]:
            receipts.add_row(
                r["status"], escape(r["message_id"]), r["at"], escape(r["error"] or "")
            )
        console.print(receipts)


@app.command("retry")
def retry(
    notification_id: str,
    reason: Annotated[str, typer.Option(help="why (kept in the delivery's history)")],
    notify_url: NotifyUrl = DEFAULT_URL,
    token: Token = "",
) -> None:
    _call(
        "POST",
        f"{notify_url}/admin/deliveries/{notification_id}/retry",
        token,
        json={"reason": reason},
    )
    console.print(f"{escape(notification_id)}: requeued, due now")
