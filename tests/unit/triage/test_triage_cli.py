"""CLI: classify keeps going past malformed lines; eval prints figures and misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.triage.entrypoints.cli import make_app
from tests.fakes.triage import engine_with

pytestmark = pytest.mark.unit

app = make_app(lambda rules, threshold: engine_with(rules=rules, threshold=threshold))
runner = CliRunner()

GOOD = {
    "id": "r1",
    "channel": "sms",
    "text": "kades bagi2 amplop ke warga, titipan paslon no 2",
    "region_code": "52.03",
}
EXPECTED: dict[str, object] = {
    "category": "MONEY_POLITICS",
    "categories": ["MONEY_POLITICS"],
    "subject_type": "VILLAGE",
    "region_code": "52.03",
    "routes": ["BAWASLU:52.03", "GAKKUMDU:52.03", "PEMDA:52.03"],
}
EVAL_LINE = {"report": GOOD, "expected": EXPECTED}
WRONG = {
    "report": {**GOOD, "id": "r2"},
    "expected": {**EXPECTED, "category": "OUT_OF_SCOPE"},
}


def test_classify_writes_one_decision_per_line_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD),
        "{not json",
        json.dumps({"channel": "fax", "text": "x"}),
        json.dumps(EVAL_LINE),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", "--input", str(source)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["r1", "r1"]
    assert set(out[0]) == {
        "id",
        "category",
        "categories",
        "subject_type",
        "region_code",
        "routes",
        "confidence",
        "needs_review",
        "rules_fired",
        "evidence",
    }
    assert out[0]["routes"] == ["BAWASLU:52.03", "GAKKUMDU:52.03", "PEMDA:52.03"]
    assert "line 2: invalid JSON" in result.stderr
    assert "line 3: invalid report" in result.stderr and "channel" in result.stderr


def test_classify_reads_stdin() -> None:
    result = runner.invoke(app, ["classify"], input=json.dumps(GOOD) + "\n")
    assert result.exit_code == 0 and json.loads(result.stdout)["category"] == "MONEY_POLITICS"


def test_eval_json_figures_and_misses(tmp_path: Path) -> None:
    source = tmp_path / "eval.jsonl"
    source.write_text(json.dumps(EVAL_LINE) + "\n" + json.dumps(WRONG) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--json", "--folds", "0", str(source)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["eval.jsonl"]
    assert figures["cost_weighted_error"] == 0.5  # one wrong category within Bawaslu in two
    assert figures["lost_to_lapor"] == 0
    assert figures["accuracy"] == {
        "category": 0.5,
        "subject_type": 1.0,
        "region_code": 1.0,
        "routes": 1.0,
    }
    assert figures["misses"] == [
        {"id": "r2", "field": "category", "expected": "OUT_OF_SCOPE", "got": "MONEY_POLITICS"}
    ]


def test_eval_table_output(tmp_path: Path) -> None:
    source = tmp_path / "eval.jsonl"
    source.write_text(json.dumps(WRONG) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--folds", "0", str(source)])
    assert result.exit_code == 0
    for field in ("category", "subject_type", "region_code", "routes"):
        assert f"eval.jsonl: {field}" in result.stdout
    assert "r2  category: expected OUT_OF_SCOPE got MONEY_POLITICS" in result.stdout


def test_eval_puts_k_fold_figures_on_the_corpus_beside_the_file(tmp_path: Path) -> None:
    """Folds by position; an in-scope report routed to SP4N-LAPOR costs five."""
    road = {**GOOD, "id": "r3", "text": "Jalan desa rusak parah, mohon diperbaiki."}
    lost: dict[str, object] = {"report": road, "expected": EXPECTED}
    source = tmp_path / "eval.jsonl"
    source.write_text(json.dumps(EVAL_LINE) + "\n" + json.dumps(lost) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(EVAL_LINE) + "\n" for _ in range(4)), encoding="utf-8")
    args = ["eval", "--json", "--corpus", str(corpus), "--folds", "2", str(source)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert list(figures) == ["2-fold corpus.jsonl", "eval.jsonl"]
    assert figures["2-fold corpus.jsonl"]["total"] == 4
    assert figures["eval.jsonl"]["lost_to_lapor"] == 1
    assert figures["eval.jsonl"]["cost_weighted_error"] == 2.5
    routes = figures["eval.jsonl"]["confusions"]["routes"]
    assert {"expected": "BAWASLU", "got": "SP4N_LAPOR", "count": 1} in routes


def test_eval_refuses_more_folds_than_reports(tmp_path: Path) -> None:
    source = tmp_path / "eval.jsonl"
    source.write_text(json.dumps(EVAL_LINE) + "\n", encoding="utf-8")
    args = ["eval", "--corpus", str(source), "--folds", "5", str(source)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "folds" in result.output
