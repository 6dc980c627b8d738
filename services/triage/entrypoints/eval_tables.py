"""`netra triage eval` output: figures side by side, one confusion matrix per field."""

from __future__ import annotations

from collections import Counter

from rich.table import Table

from schemas.triage import Category, SubjectType
from services.triage.evaluation.scoring import FIELDS, EvalReport

REGION_KINDS = ("exact", "province only", "other kab/kota", "other province", "missing", "extra")
ORDERS: dict[str, list[str]] = {
    "category": [c.value for c in Category],
    "subject_type": [s.value for s in SubjectType],
    "region_code": ["known", "none", *REGION_KINDS],
    "routes": ["BAWASLU", "SP4N_LAPOR"],
}


def short(label: str) -> str:
    """Initials keep the 12-column category table inside an 80-column terminal."""
    return "".join(word[0] for word in label.split("_"))


def figures_table(reports: dict[str, EvalReport]) -> Table:
    table = Table(title="triage evaluation")
    table.add_column("figure", no_wrap=True)
    for name, report in reports.items():
        table.add_column(f"{name} (n={report.total})", justify="right")
    rows: list[tuple[str, list[str]]] = [
        (f"{f} accuracy", [f"{r.accuracy()[f]:.3f}" for r in reports.values()]) for f in FIELDS
    ]
    rows += [
        ("cost-weighted error", [f"{r.cost_weighted_error():.3f}" for r in reports.values()]),
        ("in-scope sent to SP4N-LAPOR", [str(r.lost_to_lapor) for r in reports.values()]),
        ("needs review", [str(r.needs_review) for r in reports.values()]),
    ]
    for label, cells in rows:
        table.add_row(label, *cells)
    return table


def confusion_table(name: str, field: str, counts: Counter[tuple[str, str]]) -> Table:
    order = ORDERS[field]
    rows = [e for e in order if any(k[0] == e for k in counts)]
    columns = [g for g in order if any(k[1] == g for k in counts)]
    compact = field in ("category", "subject_type")
    table = Table(title=f"{name}: {field}", caption="rows: expected, columns: got", min_width=60)
    table.add_column("exp", no_wrap=True)
    for got in columns:
        table.add_column(short(got) if compact else got, justify="right")
    for exp in rows:
        cells = [counts.get((exp, got), 0) for got in columns]
        table.add_row(short(exp) if compact else exp, *(str(n) if n else "." for n in cells))
    if compact:
        table.caption = f"{table.caption}; " + ", ".join(f"{short(c)}={c}" for c in order)
    return table
