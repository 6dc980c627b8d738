"""Reading an export (CSV, JSON Lines, XLSX) whole, before a single row is sent.

A file that cannot be read as what it claims to be (bytes that are not the encoding,
an "XLSX" that is not one) raises `ExportUnreadable` naming the line and the reason,
and nothing is filed. A row that is malformed on its own (a CSV row with the wrong
number of fields, a JSON line that is not an object) becomes a reject of that line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from services.intake.domain.export_mapping import Line, Reject

ZIP_MAGIC = b"PK\x03\x04"
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}


class ExportUnreadable(Exception):
    pass


@dataclass(frozen=True)
class ExportTable:
    header: list[str]
    rows: list[tuple[Line, dict[str, Any] | Reject]]
    fingerprint: str  # SHA-256 of the file: the checkpoint belongs to these exact bytes


def read_export(path: Path, *, encoding: str) -> ExportTable:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ExportUnreadable(f"{path.name}: unknown kind of export; use .csv, .jsonl or .xlsx")
    raw = path.read_bytes()
    fingerprint = hashlib.sha256(raw).hexdigest()
    if kind == "xlsx":
        header, rows = _xlsx(raw, path.name)
    else:
        text = _decode(raw, encoding, path.name)
        header, rows = _csv(text, path.name) if kind == "csv" else _jsonl(text)
    return ExportTable(header, rows, fingerprint)


def _decode(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise ExportUnreadable(
            f"{name}: line {line}: byte 0x{byte} is not {encoding}; save the export as UTF-8, "
            "or name its encoding with --encoding (e.g. cp1252)"
        ) from exc
    except LookupError as exc:
        raise ExportUnreadable(f"unknown encoding {encoding!r}") from exc


def _csv(text: str, name: str) -> tuple[list[str], list[tuple[Line, dict[str, Any] | Reject]]]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # Indonesian Excel saves with ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise ExportUnreadable(f"{name}: empty file, not even a header") from exc
    rows: list[tuple[Line, dict[str, Any] | Reject]] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) != len(header):
                    why = f"{len(record)} fields where the header has {len(header)}"
                    rows.append((line, Reject(line, None, "row", why)))
                else:
                    rows.append((line, dict(zip(header, record, strict=True))))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ExportUnreadable(f"{name}: line {line}: malformed CSV ({exc})") from exc
    return header, rows


def _jsonl(text: str) -> tuple[list[str], list[tuple[Line, dict[str, Any] | Reject]]]:
    rows: list[tuple[Line, dict[str, Any] | Reject]] = []
    keys: dict[str, None] = {}
    for number, raw_line in enumerate(text.splitlines(), start=1):
        if not raw_line.strip():
            continue
        try:
            value = json.loads(raw_line)
        except ValueError as exc:
            rows.append((number, Reject(number, None, "row", f"malformed JSON: {exc}")))
            continue
        if not isinstance(value, dict):
            rows.append((number, Reject(number, None, "row", "not a JSON object")))
            continue
        keys.update(dict.fromkeys(value))
        rows.append((number, value))
    return list(keys), rows


def _xlsx(raw: bytes, name: str) -> tuple[list[str], list[tuple[Line, dict[str, Any] | Reject]]]:
    if not raw.startswith(ZIP_MAGIC):
        raise ExportUnreadable(
            f"{name}: not an XLSX workbook (an XLSX file is a ZIP archive; this one is not: "
            "a CSV or an old .xls renamed?)"
        )
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ExportUnreadable(f"{name}: not a readable XLSX workbook ({exc})") from exc
    sheet = book.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(cells)]
    except StopIteration as exc:
        raise ExportUnreadable(f"{name}: the first sheet is empty") from exc
    rows: list[tuple[Line, dict[str, Any] | Reject]] = []
    for number, values in enumerate(cells, start=2):
        if any(v not in (None, "") for v in values):
            rows.append((number, dict(zip(header, values, strict=False))))
    book.close()
    return header, rows
