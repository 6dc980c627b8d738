"""XLSX files for the workspace's exports, written without holding the file in memory.

openpyxl's write-only workbook streams each appended row to a temporary file; `save`
then zips that into another temporary file, which is sent a chunk at a time. Rows are
taken on the event loop a batch at a time (they come from the in-memory staff view,
which only the loop may touch) and written by a worker thread: openpyxl costs about
0.3 ms of CPU a row (docs/decisions.md, "Workspace exports"), too much to spend on the
loop. The zipping and the reads run on the worker thread too.

Every text cell is written as text: a value starting with "=" never becomes a formula.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Sequence
from typing import IO, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CHUNK_BYTES: Final = 64 * 1024
ROWS_PER_TURN: Final = 500  # rows taken from the source, then written on a worker thread
MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Rows = Iterable[Sequence[object]] | AsyncIterable[Sequence[object]]


class XlsxSheet:
    """One sheet, a header row, then rows; `save` returns the finished file, rewound."""

    def __init__(self, title: str, columns: Sequence[str]) -> None:
        self.book = Workbook(write_only=True)
        sheet = self.book.create_sheet(title=title[:31])  # Excel's limit on sheet names
        assert isinstance(sheet, WriteOnlyWorksheet)
        self.sheet = sheet
        self.append(columns)

    def cell(self, value: object) -> Cell:
        if isinstance(value, bool | int | float) or value is None:
            return WriteOnlyCell(self.sheet, value=value)
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell

    def append(self, values: Sequence[object]) -> None:
        self.sheet.append([self.cell(v) for v in values])

    def append_all(self, rows: Sequence[Sequence[object]]) -> None:
        for values in rows:
            self.append(values)

    def save(self) -> IO[bytes]:
        file = tempfile.TemporaryFile()  # noqa: SIM115 (the caller streams and closes it)
        try:
            self.book.save(file)
            file.seek(0)
        except BaseException:
            file.close()
            raise
        return file


async def _each(rows: Rows) -> AsyncIterator[Sequence[object]]:
    if isinstance(rows, AsyncIterable):
        async for values in rows:
            yield values
    else:
        for values in rows:
            yield values


async def xlsx_chunks(columns: Sequence[str], rows: Rows, *, title: str) -> AsyncIterator[bytes]:
    """The workbook's bytes, a chunk at a time, once every row is written to disk."""
    sheet = XlsxSheet(title, columns)
    batch: list[Sequence[object]] = []
    async for values in _each(rows):
        batch.append(values)
        if len(batch) == ROWS_PER_TURN:
            await asyncio.to_thread(sheet.append_all, batch)
            batch = []
    await asyncio.to_thread(sheet.append_all, batch)
    file = await asyncio.to_thread(sheet.save)
    try:
        while chunk := await asyncio.to_thread(file.read, CHUNK_BYTES):
            yield chunk
    finally:
        file.close()
