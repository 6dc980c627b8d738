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

from schemas.routing.files import PACKAGED_RULES_FILE, read_rules
from services.triage.adapters.data_files import PACKAGED_DATA_DIR, read_lexicons
from services.triage.adapters.gazetteer_files import read_gazetteer
from services.triage.adapters.training_corpus import read_second_opinion, training_paths
from services.triage.domain.engine import DEFAULT_THRESHOLD, EngineSettings, TriageEngine
from services.triage.entrypoints.eval_tables import confusion_table, figures_table
from services.triage.evaluation.kfold import DEFAULT_FOLDS, kfold
from services.triage.evaluation.labelled_set import (
    LineError,
    evaluate,
    numbered_lines,
    parse_line,
    read_labelled_file,
)
from services.triage.evaluation.scoring import FIELDS, EvalReport, decision_fields

EngineFactory = Callable[[Path, float], TriageEngine]
RulesOption = Annotated[Path, typer.Option("--rules", help="Routing rules YAML file.")]
ThresholdOption = Annotated[float, typer.Option("--threshold", help="Review threshold.")]


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
        files: Annotated[
            list[Path], typer.Argument(help="Labelled JSON lines (report + expected).")
        ],
        as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
        corpus: Annotated[
            list[Path] | None,
            typer.Option("--corpus", help="Training corpus files for the k-fold figures."),
        ] = None,
        folds: Annotated[
            int, typer.Option("--folds", help="k of the k-fold run; 0 skips it.")
        ] = DEFAULT_FOLDS,
        rules: RulesOption = PACKAGED_RULES_FILE,
        threshold: ThresholdOption = DEFAULT_THRESHOLD,
    ) -> None:
        """k-fold figures on the training corpus beside each FILE's: accuracy per field,
        cost-weighted error, a confusion matrix per field, the last FILE's misses."""
        engine = engine_factory(rules, threshold)
        now = datetime.now(UTC)
        reports: dict[str, EvalReport] = {}
        corpus_files = corpus or training_paths(PACKAGED_DATA_DIR)
        try:
            if folds:
                rows = [r for path in corpus_files for r in read_labelled_file(path)]
                names = "+".join(path.name for path in corpus_files)
                reports[f"{folds}-fold {names}"] = kfold(engine, rows, folds=folds, received_at=now)
            for file in files:
                reports[file.name] = evaluate(engine, read_labelled_file(file), received_at=now)
        except LineError as exc:
            raise typer.BadParameter(str(exc)) from exc
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--folds") from exc
        if as_json:
            typer.echo(json.dumps({k: r.as_json() for k, r in reports.items()}, ensure_ascii=False))
            return
        _print(reports)

    return app


def _print(reports: dict[str, EvalReport]) -> None:
    console = Console(width=120)
    console.print(figures_table(reports))
    for name, report in reports.items():
        for field in FIELDS:
            console.print(confusion_table(name, field, report.confusions[field]))
    last = list(reports.values())[-1]
    for miss in last.misses:
        console.print(f"{miss.id}  {miss.field}: expected {miss.expected} got {miss.got}")


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
