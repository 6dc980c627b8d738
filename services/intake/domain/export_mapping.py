"""From a row of another system's export to the report a feed sends. Pure.

A `ColumnMapping` names, for each Netra field, the export's column(s) holding it
(the shipped one: adapters/data/bawaslu-form-a1.yaml; the format: docs/import-formats.md).
`map_row` gives the feed item, or the rejects naming the column and the reason, so an
operator can fix the export and import it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.intake.domain.errors import InvalidSubmission
from services.intake.domain.submission import validate_feed_item

CONTENT_TARGETS = {
    "text",
    "location_text",
    "region_code",
    "occurred_on",
    "known_on",
    "reported_name",
    "reported_position",
    "reported_agency",
}
REPORTER_TARGETS = {"reporter.name", "reporter.phone", "reporter.email", "reporter.address"}
REPORTER_TARGETS |= {"reporter.nik"}
DATE_TARGETS = {"occurred_on", "known_on"}
REQUIRED_TARGETS = ("text",)
Line = int | str  # a line of a file, or "cursor#item" of a pulled feed


def column_key(name: str) -> str:
    """Headers match whatever their case, spaces, dashes or underscores."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


class ColumnMapping(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    source_id: str
    fields: dict[str, list[str]]
    date_formats: list[str] = Field(default_factory=lambda: ["%Y-%m-%d"])

    @field_validator("fields", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    @field_validator("fields")
    @classmethod
    def _known_targets(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - CONTENT_TARGETS - REPORTER_TARGETS
        if unknown:
            raise ValueError(f"unknown Netra field(s): {', '.join(sorted(unknown))}")
        missing = [t for t in REQUIRED_TARGETS if t not in value]
        if missing:
            raise ValueError(f"no column for required field(s): {', '.join(missing)}")
        return value

    def missing_columns(self, header: list[str]) -> list[str]:
        """Columns this mapping needs that the export lacks: the source id, and one at
        least of the columns of each required field (the text)."""
        have = {column_key(h) for h in header}
        missing = [] if column_key(self.source_id) in have else [self.source_id]
        for target in REQUIRED_TARGETS:
            columns = self.fields[target]
            if not any(column_key(c) in have for c in columns):
                missing.append(" or ".join(columns))
        return missing


@dataclass(frozen=True)
class Reject:
    line: Line
    source_id: str | None
    field: str
    reason: str


@dataclass(frozen=True)
class FeedRow:
    line: Line
    source_id: str
    item: dict[str, Any]  # what the feed route takes: a report without channel and source


def map_row(
    mapping: ColumnMapping, line: Line, values: dict[str, Any], *, source: str
) -> FeedRow | list[Reject]:
    cells = {column_key(k): v for k, v in values.items()}
    source_id = _text(cells.get(column_key(mapping.source_id)))
    if not source_id:
        return [Reject(line, None, mapping.source_id, "empty: every row needs its own id")]
    item: dict[str, Any] = {"source_id": source_id}
    reporter: dict[str, Any] = {}
    rejects: list[Reject] = []
    for target, columns in mapping.fields.items():
        given = [(c, cells.get(column_key(c))) for c in columns]
        given = [(c, v) for c, v in given if _text(v)]
        if not given:
            continue
        if target in DATE_TARGETS:
            column, raw = given[0]
            parsed = _date(raw, mapping.date_formats)
            if parsed is None:
                formats = ", ".join(mapping.date_formats)
                rejects.append(
                    Reject(line, source_id, column, f"{raw!r} is not a date ({formats})")
                )
                continue
            value: Any = parsed.isoformat()
        else:
            value = "\n\n".join(_text(v) for _, v in given)
        if target.startswith("reporter."):
            reporter[target.removeprefix("reporter.")] = value
        else:
            item[target] = value
    if rejects:
        return rejects
    if reporter:
        item["reporter"] = reporter
    try:
        validate_feed_item(item, source=source)
    except InvalidSubmission as exc:
        return [
            Reject(line, source_id, _column_of(mapping, e["field"]), e["message"])
            for e in exc.errors
        ]
    return FeedRow(line, source_id, item)


def rejects_of_answer(
    row: FeedRow, errors: list[dict[str, str]], mapping: ColumnMapping
) -> list[Reject]:
    """What intake refused in a row it was sent, named by the export's columns."""
    return [
        Reject(row.line, row.source_id, _column_of(mapping, e["field"]), e["message"])
        for e in errors
    ]


def _column_of(mapping: ColumnMapping, field: str) -> str:
    """`reporter.phone` -> `telepon_pelapor (reporter.phone)`: the operator's column first."""
    columns = mapping.fields.get(field)
    if field == "source_id":
        return mapping.source_id
    return f"{'+'.join(columns)} ({field})" if columns else field


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's 1234.0 is the id 1234
    return str(value).strip()


def _date(value: Any, formats: list[str]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
