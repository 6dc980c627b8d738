"""`netra`: the operator's command line. Each service contributes its own sub-commands."""

from __future__ import annotations

import typer

from services.common.cli import deliveries, demo, dlq, lag, trace
from services.intake.entrypoints import import_cli

app = typer.Typer(help="Netra: ASN-neutrality report handling.", no_args_is_help=True)
app.command("demo")(demo.run)
app.command("trace")(trace.run)
app.command("lag")(lag.run)
app.command("import")(import_cli.run)
app.add_typer(dlq.app, name="dlq")
app.add_typer(deliveries.app, name="deliveries")


def _mount_optional(name: str, module: str, help_text: str) -> None:
    """Sub-apps are plain typer apps in each service's entrypoints/cli.py."""
    imported = __import__(module, fromlist=["app"])
    app.add_typer(imported.app, name=name, help=help_text)


# `netra triage corrections`: cases' export of staff corrections, beside triage's own commands.
_triage = __import__("services.triage.entrypoints.cli", fromlist=["app"])
_corrections = __import__("services.cases.entrypoints.corrections_cli", fromlist=["app"])
_triage.app.add_typer(_corrections.app, name="corrections", help="Staff corrections of triage.")
_mount_optional("triage", "services.triage.entrypoints.cli", "Classify and evaluate reports.")
_mount_optional("token", "services.cases.entrypoints.cli", "Staff tokens.")
_mount_optional("directory", "services.notify.entrypoints.cli", "Who notifications reach.")


def main() -> None:
    app()
