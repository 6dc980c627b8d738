"""Labelled report sets (triage-eval/*.jsonl, tests/data/triage-holdout*.jsonl): one reader.

A line is a JSON object: a bare report, or `{"report": {...}, "expected": {...}}`.
`netra triage classify` reads the same lines, so it shares `parse_line`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from schemas.reports import ReportContent
from services.triage.domain.engine import TriageEngine
from services.triage.evaluation.scoring import EvalReport, score


class LineError(ValueError):
    """One input line could not be read as a report."""


@dataclass(frozen=True)
class LabelledReport:
    id: str
    content: ReportContent
    expected: Mapping[str, Any]


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


def numbered_lines(stream: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number, line) for every non-blank line, numbered as an editor shows them."""
    return ((n, line) for n, line in enumerate(stream, start=1) if line.strip())


def read_labelled(stream: TextIO) -> list[LabelledReport]:
    out = []
    for number, raw in numbered_lines(stream):
        rid, content, expected = parse_line(raw, number)
        if expected is None:
            raise LineError(f"line {number}: no `expected` labels")
        out.append(LabelledReport(rid or f"line-{number}", content, expected))
    return out


def read_labelled_file(path: Path) -> list[LabelledReport]:
    with path.open(encoding="utf-8") as stream:
        return read_labelled(stream)


def evaluate(
    engine: TriageEngine, labelled: Iterable[LabelledReport], *, received_at: datetime
) -> EvalReport:
    """Score the engine's decisions; `received_at` only feeds the dedup key, never scored."""
    return score(
        (item.id, item.expected, engine.decide(item.content, received_at)) for item in labelled
    )
