"""`netra triage ...`: classify JSON lines and evaluate against a labelled set."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from schemas.triage import Category
from services.triage.adapters.data_files import (
    PACKAGED_DATA_DIR,
    PACKAGED_RULES_FILE,
    read_lexicons,
    read_rules,
)
from services.triage.adapters.gazetteer_files import read_gazetteer
from services.triage.adapters.training_corpus import read_second_opinion
from services.triage.domain.engine import DEFAULT_THRESHOLD, EngineSettings, TriageEngine
from services.triage.evaluation.labelled_set import (
    LineError,
    evaluate,
    numbered_lines,
    parse_line,
    read_labelled_file,
)
from services.triage.evaluation.scoring import EvalReport, decision_fields

EngineFactory = Callable[[Path, float], TriageEngine]
RulesOption = Annotated[Path, typer.Option("--rules", help="Routing rules YAML file.")]
ThresholdOption = Annotated[float, typer.Option("--threshold", help="Review threshold.")]


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
        rules: RulesOption = PACKAGED_RULES_FILE,
        threshold: ThresholdOption = DEFAULT_THRESHOLD,
    ) -> None:
        """Classify JSON-lines reports; one decision per line on stdout."""
        engine = engine_factory(rules, threshold)
        failed = 0
        with input.open(encoding="utf-8") if input else sys.stdin as stream:
            for number, raw in numbered_lines(stream):
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
    def evaluate_set(
        file: Annotated[Path, typer.Argument(help="Labelled JSON lines (report + expected).")],
        as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
        rules: RulesOption = PACKAGED_RULES_FILE,
        threshold: ThresholdOption = DEFAULT_THRESHOLD,
    ) -> None:
        """Accuracy per field, category confusion and misclassified ids."""
        try:
            labelled = read_labelled_file(file)
        except LineError as exc:
            raise typer.BadParameter(str(exc), param_hint="FILE") from exc
        report = evaluate(engine_factory(rules, threshold), labelled, received_at=datetime.now(UTC))
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


def packaged_engine(rules: Path, threshold: float) -> TriageEngine:
    """The engine over the packaged lexicons and gazetteer, with the given rules file."""
    lexicons = read_lexicons(PACKAGED_DATA_DIR)
    return TriageEngine(
        lexicons=lexicons,
        rules=read_rules(rules),
        resolver=read_gazetteer(PACKAGED_DATA_DIR),
        second_opinion=read_second_opinion(PACKAGED_DATA_DIR, lexicons.normaliser),
        settings=EngineSettings(threshold=threshold),
    )


app = make_app(packaged_engine)
