"""Generated Form A.1 exports (the shipped mapping's columns) for import tests and the bench."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook

COLUMNS = [
    "nomor_laporan",
    "nama_pelapor",
    "telepon_pelapor",
    "nama_terlapor",
    "jabatan_terlapor",
    "instansi_terlapor",
    "tempat_kejadian",
    "tanggal_kejadian",
    "tanggal_diketahui",
    "uraian_kejadian",
]
PLACES = ["Kabupaten Lombok Timur", "Kota Bandar Lampung", "Kabupaten Sleman", "Kota Medan"]
DEEDS = [
    "membagikan amplop berisi uang kepada warga dan meminta memilih paslon nomor 2",
    "memasang baliho paslon nomor 1 di kantor kecamatan",
    "mengunggah foto mendukung paslon nomor 3 di media sosial",
    "hadir dan berorasi di kampanye paslon nomor 2 memakai seragam dinas",
]


def form_a1_rows(count: int, *, prefix: str = "A1-2026") -> list[dict[str, str]]:
    rows = []
    for n in range(count):
        place = PLACES[n % len(PLACES)]
        rows.append(
            {
                "nomor_laporan": f"{prefix}-{n:06d}",
                "nama_pelapor": f"Pelapor {n}" if n % 3 else "",
                "telepon_pelapor": f"+62812{n:07d}" if n % 3 else "",
                "nama_terlapor": f"Terlapor {n}",
                "jabatan_terlapor": "Camat" if n % 2 else "Kepala Dinas",
                "instansi_terlapor": f"Pemerintah {place}",
                "tempat_kejadian": place,
                "tanggal_kejadian": f"{1 + n % 28:02d}/10/2026",
                "tanggal_diketahui": f"2026-11-{1 + n % 28:02d}",
                "uraian_kejadian": f"Terlapor {n} di {place} {DEEDS[n % len(DEEDS)]}.",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], *, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def write_xlsx(path: Path, rows: list[dict[str, object]]) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Form A.1")
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        sheet.append([row[h] for h in header])
    book.save(path)
    return path
