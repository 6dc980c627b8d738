"""Reading exports: CSV, JSON Lines, XLSX, and the bad ones named by line and reason.

Through the CLI too (`netra import`): a file that cannot be read files nothing, and the
error says which line and why."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli import app
from services.intake.adapters.export_files import ExportUnreadable, read_export
from services.intake.adapters.mapping_file import SHIPPED, load_mapping
from services.intake.domain.export_mapping import FeedRow, Reject, map_row
from tests.exports import form_a1_rows, write_csv, write_jsonl, write_xlsx

MAPPING = load_mapping(SHIPPED)


def test_csv_jsonl_and_xlsx_give_the_same_rows(tmp_path: Path) -> None:
    rows = form_a1_rows(4)
    tables = [
        read_export(write_csv(tmp_path / "a.csv", rows), encoding="utf-8-sig"),
        read_export(write_csv(tmp_path / "b.csv", rows, delimiter=";"), encoding="utf-8-sig"),
        read_export(write_jsonl(tmp_path / "a.jsonl", rows), encoding="utf-8"),
        read_export(write_xlsx(tmp_path / "a.xlsx", rows), encoding="utf-8"),  # type: ignore[arg-type]
    ]
    mapped = [[map_row(MAPPING, ln, r, source="s1") for ln, r in t.rows] for t in tables]  # type: ignore[arg-type]
    items = [[m.item for m in ms if isinstance(m, FeedRow)] for ms in mapped]
    assert all(len(i) == 4 for i in items)
    assert items[0] == items[1] == items[2] == items[3]
    assert [ln for ln, _ in tables[0].rows] == [2, 3, 4, 5]


def test_xlsx_date_cells_and_numeric_ids_map_as_a_desk_would_expect(tmp_path: Path) -> None:
    row: dict[str, object] = {
        **form_a1_rows(1)[0],
        "nomor_laporan": 1234.0,
        "tanggal_kejadian": datetime(2026, 10, 3),
    }
    table = read_export(write_xlsx(tmp_path / "a.xlsx", [row]), encoding="utf-8")
    [(line, values)] = table.rows
    mapped = map_row(MAPPING, line, values, source="s1")  # type: ignore[arg-type]
    assert isinstance(mapped, FeedRow)
    assert mapped.source_id == "1234" and mapped.item["occurred_on"] == "2026-10-03"


def test_bytes_that_are_not_the_encoding_name_the_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", form_a1_rows(5))
    raw = path.read_bytes().replace(b"Terlapor 3 di", "Terlapor 3 dí".encode("cp1252"))
    path.write_bytes(raw)
    with pytest.raises(ExportUnreadable, match=r"line 5: byte 0xed is not utf-8-sig"):
        read_export(path, encoding="utf-8-sig")
    assert len(read_export(path, encoding="cp1252").rows) == 5


def test_an_xlsx_that_is_not_one_is_named_so(tmp_path: Path) -> None:
    fake = write_csv(tmp_path / "a.csv", form_a1_rows(2)).rename(tmp_path / "export.xlsx")
    with pytest.raises(ExportUnreadable, match="not an XLSX workbook"):
        read_export(fake, encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(ExportUnreadable, match="not a readable XLSX"):
        read_export(broken, encoding="utf-8")


def test_malformed_rows_are_rejects_of_their_line(tmp_path: Path) -> None:
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("nomor_laporan,uraian_kejadian\nA-1,Camat kampanye paslon 2\nA-2\n")
    [_, (line, reject)] = read_export(csv_path, encoding="utf-8").rows
    assert line == 3 and reject == Reject(3, None, "row", "1 fields where the header has 2")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"nomor_laporan": "A-1"}\n{"nomor_laporan": \n[1, 2]\n')
    rows = read_export(jsonl, encoding="utf-8").rows
    assert [(ln, isinstance(r, Reject)) for ln, r in rows] == [(1, False), (2, True), (3, True)]
    assert "malformed JSON" in rows[1][1].reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("a.csv", b"nomor;uraian\nA;B\n", "has no column nomor_laporan"),
        (
            "a.csv",
            b"nomor_laporan,uraian_kejadian\nA-1,caf\xe9 kampanye paslon\n",
            "line 2: byte 0xe9",
        ),
        ("a.xlsx", b"nomor_laporan,uraian_kejadian\n", "not an XLSX workbook"),
        ("a.csv", b'nomor_laporan,uraian_kejadian\nA-1,"unterminated\n', "line 2: malformed CSV"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "use .csv, .jsonl or .xlsx"),
    ],
)
def test_the_cli_files_nothing_from_an_unusable_file_and_says_why(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(
        app,
        ["import", str(path), "--source", "s1", "--intake-url", "http://127.0.0.1:9"],
        env={"NETRA_FEED_TOKEN": "t" * 30, "COLUMNS": "200"},
    )
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split())
