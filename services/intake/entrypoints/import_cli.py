"""`netra import <file|url>`: a Bawaslu export or JSON feed into intake, as its feed.

Exit codes: 0 every row filed; 3 done, but some rows are in the rejects file; 2 the
input or the mapping cannot be used (nothing sent); 4 intake refused the feed or stayed
unavailable (run again: it continues from the checkpoint). Operations: docs/runbook.md.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import httpx
import typer
from rich.console import Console

from services.intake.adapters.export_files import ExportUnreadable, read_export
from services.intake.adapters.feed_client import HttpFeedSink
from services.intake.adapters.import_checkpoint import FileCheckpoints
from services.intake.adapters.json_feed import HttpFeedPages
from services.intake.adapters.mapping_file import SHIPPED, MappingUnusable, load_mapping
from services.intake.adapters.progress_bar import RichProgress
from services.intake.adapters.rejects_file import CsvRejectsFile
from services.intake.domain.export_mapping import ColumnMapping, map_row
from services.intake.service_layer.feed_pull import pull_feed
from services.intake.service_layer.import_ports import FeedRefused, FeedUnavailable
from services.intake.service_layer.importing import (
    Batching,
    ImportSummary,
    MappedRow,
    import_rows,
)

console = Console(stderr=True)
ALL_FILED, SOME_REJECTED, UNUSABLE, NOT_FILED = 0, 3, 2, 4


@dataclass(frozen=True)
class Job:
    source: str
    columns: ColumnMapping
    intake_url: str
    token: str
    state_dir: Path
    batching: Batching


def run(
    target: Annotated[str, typer.Argument(help="An export (.csv, .jsonl, .xlsx) or a feed URL")],
    source: Annotated[str, typer.Option(help="The token's feed, e.g. bawaslu-sigaplapor")],
    mapping: Annotated[Path, typer.Option(help="Column mapping (YAML)")] = SHIPPED,
    intake_url: Annotated[str, typer.Option(envvar="INTAKE_URL")] = "http://127.0.0.1:8000",
    encoding: Annotated[str, typer.Option(help="Of a CSV or JSON Lines file")] = "utf-8-sig",
    state_dir: Annotated[Path, typer.Option(help="Checkpoints and rejects")] = Path("var/import"),
    batch_rows: Annotated[int, typer.Option(min=1, max=64)] = 50,
    batch_bytes: Annotated[int, typer.Option(min=1024)] = 56 * 1024,
    attempts: Annotated[int, typer.Option(min=1, help="Per batch while intake is away")] = 8,
    max_pages: Annotated[int, typer.Option(min=1, help="Of a feed, per run")] = 100_000,
) -> None:
    """File every row as the feed NETRA_FEED_TOKEN belongs to; resumable, idempotent."""
    token = os.environ.get("NETRA_FEED_TOKEN", "")
    if not token:
        stop(UNUSABLE, "set NETRA_FEED_TOKEN to the feed's token (one of intake's FEED_TOKENS)")
    try:
        columns = load_mapping(mapping)
    except MappingUnusable as exc:
        stop(UNUSABLE, f"mapping unusable: {exc}")
    batching = Batching(batch_rows, batch_bytes, attempts=attempts, backoff_s=0.5)
    job = Job(source, columns, intake_url, token, state_dir, batching)
    started = time.monotonic()
    try:
        if target.startswith(("http://", "https://")):
            summary, name = asyncio.run(pull(job, target, max_pages)), target
        else:
            summary, name = import_file(job, Path(target), encoding), target
    except (FeedRefused, FeedUnavailable) as exc:
        stop(NOT_FILED, f"{exc}; what was acknowledged is kept: run again to continue")
    print_summary(name, summary, rejects_path(job, summary), time.monotonic() - started)
    raise typer.Exit(SOME_REJECTED if summary.rejected else ALL_FILED)


def import_file(job: Job, path: Path, encoding: str) -> ImportSummary:
    try:
        table = read_export(path, encoding=encoding)
    except (ExportUnreadable, OSError) as exc:
        stop(UNUSABLE, f"nothing imported: {exc}")
    missing = job.columns.missing_columns(table.header)
    if missing:
        stop(UNUSABLE, f"nothing imported: {path.name} has no column {', '.join(missing)}")
    rows: list[MappedRow] = [
        map_row(job.columns, line, row, source=job.source) if isinstance(row, dict) else [row]
        for line, row in table.rows
    ]
    state = f"{job.source}-{table.fingerprint[:24]}"

    async def send_all() -> ImportSummary:
        async with httpx.AsyncClient(timeout=60) as client:
            sink = HttpFeedSink(
                client, intake_url=job.intake_url, token=job.token, source=job.source
            )
            with RichProgress(total=len(rows), what=path.name, console=console) as progress:
                summary = await import_rows(
                    rows,
                    mapping=job.columns,
                    sink=sink,
                    checkpoints=FileCheckpoints(job.state_dir / f"{state}.checkpoint.json"),
                    rejects=CsvRejectsFile(job.state_dir / f"{state}.rejects.csv"),
                    progress=progress,
                    batching=job.batching,
                )
        summary.state = state
        return summary

    return asyncio.run(send_all())


async def pull(job: Job, url: str, max_pages: int) -> ImportSummary:
    state = f"{job.source}-feed-{hashlib.sha256(url.encode()).hexdigest()[:24]}"
    pull_token = os.environ.get("NETRA_PULL_TOKEN", "")
    headers = {"Authorization": f"Bearer {pull_token}"} if pull_token else {}
    async with httpx.AsyncClient(timeout=60) as client:
        sink = HttpFeedSink(client, intake_url=job.intake_url, token=job.token, source=job.source)
        with RichProgress(total=None, what=url, console=console) as progress:
            summary = await pull_feed(
                HttpFeedPages(client, url=url, headers=headers),
                source=job.source,
                mapping=job.columns,
                sink=sink,
                checkpoints=FileCheckpoints(job.state_dir / f"{state}.checkpoint.json"),
                rejects=CsvRejectsFile(job.state_dir / f"{state}.rejects.csv"),
                progress=progress,
                batching=job.batching,
                max_pages=max_pages,
            )
    summary.state = state
    return summary


def rejects_path(job: Job, summary: ImportSummary) -> Path:
    return job.state_dir / f"{summary.state}.rejects.csv"


def print_summary(name: str, summary: ImportSummary, rejects: Path, seconds: float) -> None:
    rate = (summary.total - summary.resumed_at) / seconds if seconds > 0 else 0.0
    lines = [
        f"import of {name} as feed: done in {seconds:,.1f} s ({rate:,.0f} rows/s)",
        f"  rows: {summary.total:,}  filed: {summary.filed:,}  rejected: {summary.rejected:,}",
    ]
    if summary.resumed_at:
        lines.append(f"  resumed after row {summary.resumed_at:,} (a previous run's checkpoint)")
    if summary.retries:
        lines.append(f"  batches sent again while intake was away: {summary.retries}")
    if summary.rejected:
        lines.append(f"  rejects (line, source_id, field, reason): {rejects}")
    typer.echo("\n".join(lines))


def stop(code: int, message: str) -> NoReturn:
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)
