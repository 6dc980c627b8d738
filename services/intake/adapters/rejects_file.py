"""`RejectsLog` as a CSV file: line, source_id, field, reason; one row per refused field."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

from services.intake.domain.export_mapping import Reject

HEADER = "line,source_id,field,reason\n"


class CsvRejectsFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.stat().st_size == 0:
            path.write_text(HEADER, encoding="utf-8")

    def size(self) -> int:
        return self.path.stat().st_size

    def truncate(self, size: int) -> None:
        with self.path.open("r+b") as handle:
            handle.truncate(max(size, len(HEADER)))

    def write(self, rejects: Sequence[Reject]) -> None:
        if not rejects:
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for r in rejects:
            writer.writerow([r.line, r.source_id or "", r.field, r.reason])
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(buffer.getvalue())
            handle.flush()
            os.fsync(handle.fileno())
