"""Scoring triage decisions against labelled reports (triage-eval/*.jsonl).

Routes are compared exactly, in order, as DOMAIN.md 4.4 defines them; the
engine never adds a review marker to routes (needs_review carries that).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from schemas.triage import TriageDecision

FIELDS = ("category", "subject_type", "region_code", "routes")


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
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    def accuracy(self) -> dict[str, float]:
        return {f: round(self.correct[f] / self.total, 4) if self.total else 0.0 for f in FIELDS}

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "accuracy": self.accuracy(),
            "confusion": [
                {"expected": e, "got": g, "count": n}
                for (e, g), n in sorted(self.confusion.items())
            ],
            "misses": [vars(m) for m in self.misses],
        }


def score(rows: Iterable[tuple[str, Mapping[str, Any], TriageDecision]]) -> EvalReport:
    report = EvalReport()
    for rid, expected, decision in rows:
        got = decision_fields(decision)
        report.total += 1
        report.confusion[(str(expected["category"]), got["category"])] += 1
        for name in FIELDS:
            if got[name] == expected[name]:
                report.correct[name] += 1
            else:
                report.misses.append(Miss(rid, name, expected[name], got[name]))
    return report
