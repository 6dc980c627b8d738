"""`netra triage ...`: classify JSON lines and evaluate against a labelled set."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from schemas.reports import ReportContent
from schemas.triage import Category
from services.triage.domain.engine import DEFAULT_THRESHOLD, TriageEngine
from services.triage.domain.evaluation import EvalReport, decision_fields, score

EngineFactory = Callable[[Path | None, float], TriageEngine]
RulesOption = Annotated[
    Path | None, typer.Option("--rules", help="Replacement routing rules YAML file.")
]
ThresholdOption = Annotated[float, typer.Option("--threshold", help="Review threshold.")]


class LineError(ValueError):
    """One input line could not be read as a report."""


def parse_line(raw: str, number: int) -> tuple[str | None, ReportContent, dict[str, Any] | None]:
    """Accept a bare report object or an eval line with `report` (and `expected`)."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LineError(f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise LineError(f"line {number}: expected a JSON object, got {type(obj).__name__}")
    report = obj.get("report", obj)
    if not isinstance(report, dict):
        raise LineError(f"line {number}: `report` must be an object")
    fields = {k: v for k, v in report.items() if k != "id"}
    try:
        content = ReportContent.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'report'}: {e['msg']}" for e in exc.errors()
        )
        raise LineError(f"line {number}: invalid report: {problems}") from exc
    rid = report.get("id")
    return (str(rid) if rid is not None else None), content, obj.get("expected")


def _lines(stream: TextIO) -> Iterator[tuple[int, str]]:
    return ((n, line) for n, line in enumerate(stream, start=1) if line.strip())


def _short(category: Category) -> str:
    """Initials keep the 12-column table inside an 80-column terminal."""
    return "".join(word[0] for word in category.value.split("_"))


def _confusion_table(report: EvalReport) -> Table:
    legend = ", ".join(f"{_short(c)}={c.value}" for c in Category)
    table = Table(title="category confusion (rows: expected, columns: got)", caption=legend)
    table.add_column("exp", no_wrap=True)
    for category in Category:
        table.add_column(_short(category), justify="right")
    for exp in Category:
        counts = [report.confusion.get((exp.value, got.value), 0) for got in Category]
        table.add_row(_short(exp), *(str(n) if n else "." for n in counts))
    return table


def make_app(engine_factory: EngineFactory) -> typer.Typer:
    """Build the CLI around an engine factory (tests pass one with a fake gazetteer)."""
    app = typer.Typer(
        help="Triage: classify reports and evaluate the engine.", no_args_is_help=True
    )

    @app.command()
    def classify(
        input: Annotated[
            Path | None, typer.Option("--input", help="JSON lines; default stdin.")
        ] = None,
        rules: RulesOption = None,
        threshold: ThresholdOption = DEFAULT_THRESHOLD,
    ) -> None:
        """Classify JSON-lines reports; one decision per line on stdout."""
        engine = engine_factory(rules, threshold)
        failed = 0
        with input.open(encoding="utf-8") if input else sys.stdin as stream:
            for number, raw in _lines(stream):
                try:
                    rid, content, _ = parse_line(raw, number)
                except LineError as exc:
                    failed += 1
                    typer.echo(str(exc), err=True)
                    continue
                decision = engine.decide(content, datetime.now(UTC))
                out = {"id": rid, **decision_fields(decision)}
                out |= decision.model_dump(
                    mode="json", include={"confidence", "needs_review", "rules_fired", "evidence"}
                )
                typer.echo(json.dumps(out, ensure_ascii=False))
        if failed:
            raise typer.Exit(code=1)

    @app.command("eval")
    def evaluate(
        file: Annotated[Path, typer.Argument(help="Labelled JSON lines (report + expected).")],
        as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
        rules: RulesOption = None,
        threshold: ThresholdOption = DEFAULT_THRESHOLD,
    ) -> None:
        """Accuracy per field, category confusion and misclassified ids."""
        engine = engine_factory(rules, threshold)
        rows = []
        with file.open(encoding="utf-8") as stream:
            for number, raw in _lines(stream):
                rid, content, expected = parse_line(raw, number)
                if expected is None:
                    raise typer.BadParameter(
                        f"line {number}: no `expected` labels", param_hint="FILE"
                    )
                rows.append(
                    (rid or f"line-{number}", expected, engine.decide(content, datetime.now(UTC)))
                )
        report = score(rows)
        if as_json:
            typer.echo(json.dumps(report.as_json(), ensure_ascii=False))
            return
        console = Console()
        for name, value in report.accuracy().items():
            console.print(f"{name:<14} {value:.3f}")
        console.print(_confusion_table(report))
        for miss in report.misses:
            console.print(f"{miss.id}  {miss.field}: expected {miss.expected} got {miss.got}")

    return app


def _default_engine(rules: Path | None, threshold: float) -> TriageEngine:
    return TriageEngine.load(rules, threshold)


app = make_app(_default_engine)
