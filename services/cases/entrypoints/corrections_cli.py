"""`netra triage corrections export`: staff corrections of triage as labelled JSON lines.

Mounted under `netra triage` (services/cli.py) because its output feeds triage's evaluation
and training; it reads the cases store, so it lives with cases. The lines have the shape of
the evaluation sets: `netra triage eval corrections.jsonl` scores the engine against them.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from services.cases.adapters.mongo_case_reads import MongoCaseReads
from services.cases.read_models.corrections import correction_examples
from services.cases.settings import CasesSettings
from services.common.mongo import database, make_client

app = typer.Typer(help="Staff corrections of triage decisions.", no_args_is_help=True)


@app.command("export")
def export(
    output: Annotated[
        Path | None, typer.Option("--output", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Every corrected case's opening report with the corrected labels, who and why."""
    lines = asyncio.run(_lines(CasesSettings()))
    text = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    typer.echo(f"{len(lines)} corrections exported", err=True)


async def _lines(settings: CasesSettings) -> list[str]:
    client = make_client(settings.mongodb_url, write_concern=settings.mongodb_write_concern)
    try:
        reads = MongoCaseReads(database(client, settings.mongodb_database))
        return [
            json.dumps(example, ensure_ascii=False, default=str)
            async for example in correction_examples(reads)
        ]
    finally:
        await client.close()


@app.callback()
def _group() -> None:
    """Keep `export` a sub-command even while it is the only one."""
