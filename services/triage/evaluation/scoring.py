"""Scoring triage decisions against labelled reports (triage-eval/*.jsonl).

Routes are compared exactly, in order, as DOMAIN.md 4.4 defines them; the
engine never adds a review marker to routes (needs_review carries that).

Cost-weighted error (issue 13): an in-scope report sent to SP4N-LAPOR costs
`LOST_TO_LAPOR_COST` (5), any other wrong category 1, a right one 0; the figure is
the mean cost per report. Confusion per field: category and subject type as they are;
region codes by kind of error (exact, the right province only, another province,
missing or extra); routes by where the report went (Bawaslu or SP4N-LAPOR).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from schemas.triage import TriageDecision

FIELDS = ("category", "subject_type", "region_code", "routes")
LOST_TO_LAPOR_COST = 5.0
OUT_OF_SCOPE = "OUT_OF_SCOPE"


def category_cost(expected: str, got: str) -> float:
    if expected == got:
        return 0.0
    return LOST_TO_LAPOR_COST if got == OUT_OF_SCOPE else 1.0


def region_kind(expected: str | None, got: str | None) -> str:
    """A region code's error, as a confusion column: what went wrong, not which code."""
    if expected == got:
        return "exact"
    if expected is None or got is None:
        return "missing" if got is None else "extra"
    if expected.split(".")[0] != got.split(".")[0]:
        return "other province"
    return "province only" if "." not in got else "other kab/kota"


def route_kind(routes: list[str]) -> str:
    return "SP4N_LAPOR" if routes == ["SP4N_LAPOR"] else "BAWASLU"


def _confusion_cells(
    expected: Mapping[str, Any], got: Mapping[str, Any]
) -> dict[str, tuple[str, str]]:
    exp_region = expected["region_code"]
    return {
        "category": (str(expected["category"]), got["category"]),
        "subject_type": (str(expected["subject_type"]), got["subject_type"]),
        "region_code": (
            "known" if exp_region else "none",
            region_kind(exp_region, got["region_code"]),
        ),
        "routes": (route_kind(list(expected["routes"])), route_kind(got["routes"])),
    }


def decision_fields(decision: TriageDecision) -> dict[str, Any]:
    return {
        "category": decision.category.value,
        "categories": [c.value for c in decision.categories],
        "subject_type": decision.subject_type.value,
        "region_code": decision.region_code,
        "routes": list(decision.routes),
    }


@dataclass(frozen=True)
class Miss:
    id: str
    field: str
    expected: Any
    got: Any


@dataclass
class EvalReport:
    total: int = 0
    correct: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # category
    confusions: dict[str, Counter[tuple[str, str]]] = field(
        default_factory=lambda: {name: Counter() for name in FIELDS}
    )
    cost: float = 0.0
    lost_to_lapor: int = 0  # in-scope reports routed to SP4N-LAPOR
    needs_review: int = 0
    misses: list[Miss] = field(default_factory=list)

    def accuracy(self) -> dict[str, float]:
        return {f: round(self.correct[f] / self.total, 4) if self.total else 0.0 for f in FIELDS}

    def cost_weighted_error(self) -> float:
        return round(self.cost / self.total, 4) if self.total else 0.0

    def merge(self, other: EvalReport) -> None:
        """Add another report's counts (the folds of a k-fold run)."""
        self.total += other.total
        self.correct.update(other.correct)
        self.confusion.update(other.confusion)
        for name in FIELDS:
            self.confusions[name].update(other.confusions[name])
        self.cost += other.cost
        self.lost_to_lapor += other.lost_to_lapor
        self.needs_review += other.needs_review
        self.misses += other.misses

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "accuracy": self.accuracy(),
            "cost_weighted_error": self.cost_weighted_error(),
            "lost_to_lapor": self.lost_to_lapor,
            "needs_review": self.needs_review,
            "confusion": [
                {"expected": e, "got": g, "count": n}
                for (e, g), n in sorted(self.confusion.items())
            ],
            "confusions": {
                name: [{"expected": e, "got": g, "count": n} for (e, g), n in sorted(c.items())]
                for name, c in self.confusions.items()
            },
            "misses": [vars(m) for m in self.misses],
        }


def score(rows: Iterable[tuple[str, Mapping[str, Any], TriageDecision]]) -> EvalReport:
    report = EvalReport()
    for rid, expected, decision in rows:
        got = decision_fields(decision)
        report.total += 1
        report.confusion[(str(expected["category"]), got["category"])] += 1
        for name, cell in _confusion_cells(expected, got).items():
            report.confusions[name][cell] += 1
        report.cost += category_cost(str(expected["category"]), got["category"])
        lost = expected["category"] != OUT_OF_SCOPE and got["category"] == OUT_OF_SCOPE
        report.lost_to_lapor += lost
        report.needs_review += decision.needs_review
        for name in FIELDS:
            if got[name] == expected[name]:
                report.correct[name] += 1
            else:
                report.misses.append(Miss(rid, name, expected[name], got[name]))
    return report
