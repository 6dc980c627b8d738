"""Column mappings: the shipped Form A.1 one, and rows mapped or rejected by column."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.intake.adapters.mapping_file import SHIPPED, load_mapping
from services.intake.domain.export_mapping import ColumnMapping, FeedRow, map_row

MAPPING = load_mapping(SHIPPED)
ROW = {
    "Nomor Laporan": "A1-7",
    "URAIAN_KEJADIAN": "Camat memasang baliho paslon nomor 2 di kantor camat",
    "ringkasan": "Baliho di kantor camat",
    "tanggal_kejadian": "03/10/2026",
    "Tanggal-Diketahui": "2026-10-05",
    "nama_pelapor": "Budi",
    "kolom_lain": "ignored",
}


def test_headers_match_whatever_their_case_and_separators() -> None:
    row = map_row(MAPPING, 2, ROW, source="s1")
    assert isinstance(row, FeedRow)
    assert row.item == {
        "source_id": "A1-7",
        "text": f"{ROW['URAIAN_KEJADIAN']}\n\nBaliho di kantor camat",
        "occurred_on": "2026-10-03",
        "known_on": "2026-10-05",
        "reporter": {"name": "Budi"},
    }


def test_the_model_rules_become_rejects_named_by_column() -> None:
    rejects = map_row(MAPPING, 9, {**ROW, "tanggal_diketahui": "01/10/2026"}, source="s1")
    assert isinstance(rejects, list)
    assert [(r.line, r.field) for r in rejects] == [(9, "body")]
    assert "known_on cannot be earlier" in rejects[0].reason


def test_missing_columns_are_named_before_any_row() -> None:
    assert MAPPING.missing_columns(["nomor_laporan", "ringkasan"]) == []
    assert MAPPING.missing_columns(["uraian_kejadian"]) == ["nomor_laporan"]
    assert MAPPING.missing_columns(["nomor_laporan"]) == ["uraian_kejadian or ringkasan"]


@pytest.mark.parametrize(
    "fields", [{"txt": "a"}, {"location_text": "tempat"}, {"text": "a", "reporter.nip": "b"}]
)
def test_a_mapping_of_unknown_fields_or_without_text_is_refused(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        ColumnMapping.model_validate({"name": "x", "source_id": "id", "fields": fields})
