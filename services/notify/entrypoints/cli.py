"""`netra directory check | show <route>`: the recipient directory, for operators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from services.notify.adapters.directory_file import DirectoryError, FileDirectory
from services.notify.adapters.matrix_file import MatrixError, load_matrix
from services.notify.domain.directory_checks import coverage_problems
from services.notify.domain.recipients import Role, parent_route
from services.notify.settings import NotifySettings

app = typer.Typer(help="The recipient directory (who is told, how).", no_args_is_help=True)
DirectoryFile = Annotated[Path | None, typer.Option(help="default: NOTIFY_DIRECTORY_FILE")]
MatrixFile = Annotated[Path | None, typer.Option(help="default: NOTIFY_MATRIX_FILE")]


def _load(path: Path | None) -> tuple[FileDirectory, NotifySettings]:
    settings = NotifySettings()
    directory = FileDirectory.load(
        path or settings.notify_directory_file,
        substitutions={"sink": settings.notify_sink_base_url},
    )
    return directory, settings


@app.command("check")
def check(directory_file: DirectoryFile = None, matrix_file: MatrixFile = None) -> None:
    """Validate the directory and the matrix; exit 1 naming every problem."""
    try:
        directory, settings = _load(directory_file)
        matrix = load_matrix(matrix_file or settings.notify_matrix_file)
    except (DirectoryError, MatrixError) as exc:
        typer.echo(f"FAIL {exc}", err=True)
        raise typer.Exit(1) from None
    problems = coverage_problems(directory.directory, matrix)
    for problem in problems:
        typer.echo(f"FAIL {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    units = directory.directory.units
    people = sum(len(u.people) for u in units)
    typer.echo(f"OK {len(units)} units, {people} people, matrix {matrix.version}")


@app.command("show")
def show(route: str, directory_file: DirectoryFile = None) -> None:
    """Who a route reaches: its unit's contacts, its people, the supervisors above it."""
    try:
        directory, _ = _load(directory_file)
    except DirectoryError as exc:
        typer.echo(f"FAIL {exc}", err=True)
        raise typer.Exit(1) from None
    unit = directory.unit_for(route)
    if unit is None:
        typer.echo(f"FAIL route {route}: no directory entry", err=True)
        raise typer.Exit(1)
    typer.echo(f"{route}: {unit.name} (language {unit.language})")
    for contact in unit.contacts:
        secret = f" secret_ref={contact.secret_ref}" if contact.secret_ref else ""
        typer.echo(f"  unit {contact.channel.value}: {contact.target}{secret}")
    for person in unit.people:
        channels = ", ".join(f"{c.channel.value} {c.target}" for c in person.contacts)
        typer.echo(f"  {person.role.value} {person.id} ({person.name}): {channels}")
    above = parent_route(route)
    while above is not None:
        parent = directory.unit_for(above)
        supervisors = parent.with_role(Role.SUPERVISOR) if parent else ()
        if supervisors:
            names = ", ".join(p.id for p in supervisors)
            typer.echo(f"  escalation chain: {above}: {names}")
            break
        above = parent_route(above)
