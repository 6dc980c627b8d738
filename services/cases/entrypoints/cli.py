"""`netra token ...`: development staff tokens signed with the local shared key."""

from __future__ import annotations

from typing import Annotated

import typer

from services.cases.adapters.staff_token_keys import shared_key
from services.cases.adapters.staff_tokens import issue_token, parse_ttl
from services.cases.domain.vocabulary import Role
from services.cases.settings import CasesSettings
from services.common.clock import SystemClock

app = typer.Typer(help="Staff tokens.", no_args_is_help=True)
STAFF_ROLES = [r.value for r in Role if r != Role.SYSTEM]


@app.command("issue")
def issue(
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(STAFF_ROLES)}")],
    name: Annotated[str, typer.Option(help="Display name recorded on the timeline")],
    region: Annotated[
        str | None, typer.Option(help="Kemendagri code (18, 18.12) or RI for national")
    ] = None,
    agency: Annotated[str | None, typer.Option(help="PPK agency, e.g. PEMKAB:18.12")] = None,
    ttl: Annotated[str, typer.Option(help="Lifetime: 30m, 8h, 2d")] = "8h",
    subject: Annotated[
        str | None, typer.Option(help="Token subject (default: dev:ROLE:NAME)")
    ] = None,
) -> None:
    """Print a signed staff token (use as `Authorization: Bearer <token>`)."""
    if role not in STAFF_ROLES:
        raise typer.BadParameter(f"unknown role {role!r}; one of {', '.join(STAFF_ROLES)}")
    try:
        lifetime = parse_ttl(ttl)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    settings = CasesSettings()
    key = shared_key(settings)
    if key is None:
        typer.echo("no STAFF_JWT_SHARED_KEY: tokens come from the identity provider here", err=True)
        raise typer.Exit(2)
    token = issue_token(
        shared_key=key,
        issuer=settings.staff_jwt_issuer,
        audience=settings.staff_jwt_audience,
        role=Role(role),
        name=name,
        region=region,
        agency=agency,
        subject=subject,
        now=SystemClock().now(),
        ttl=lifetime,
    )
    typer.echo(token)


@app.callback()
def _group() -> None:
    """Keep `issue` a sub-command even while it is the only one."""
