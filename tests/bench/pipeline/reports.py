"""Invented reports in Bahasa Indonesia, each a separate incident.

Triage's dedup key hashes who (the normalised reported name), where (the region), what
and when (schemas: services/triage/domain/dedup.py). Every report here names a different
person, so no two reports of a run share a key and none joins another's case: the
benchmark measures cases opened, not reports merged. Report `i` of a run gets the i-th
combination of first, middle and last name and place, offset by a per-run number so that
two runs against one long-lived store do not collide either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FIRST = (
    "Agus", "Budi", "Cahya", "Dedi", "Eko", "Fajar", "Gita", "Hendra", "Indah", "Joko",
    "Kurnia", "Lestari", "Made", "Nanda", "Oki", "Putri", "Rahmat", "Sari", "Teguh", "Umar",
    "Vina", "Wahyu", "Yanti", "Zainal", "Arif", "Bayu", "Citra", "Dewi", "Erna", "Fitri",
    "Galih", "Hasan", "Imam", "Jaya", "Kadek", "Lukman", "Mega", "Nur", "Rizal", "Slamet",
)  # fmt: skip
MIDDLE = (
    "Adi", "Bagus", "Candra", "Dwi", "Eka", "Febri", "Guntur", "Hadi", "Ilham", "Jati",
    "Kusuma", "Laksana", "Mulya", "Nugraha", "Oktavia", "Pratama", "Ramadhan", "Surya",
    "Tri", "Utama", "Wibawa", "Yoga", "Ayu", "Budiman", "Cipta", "Darma", "Endah", "Fauzi",
    "Gilang", "Harapan", "Indra", "Jelita", "Kencana", "Luhur", "Murni", "Nirmala", "Puspa",
    "Rahayu", "Sakti", "Tirta",
)  # fmt: skip
LAST = (
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Nasution", "Siregar", "Lubis", "Harahap",
    "Simanjuntak", "Pohan", "Setiawan", "Kurniawan", "Gunawan", "Susanto", "Permana",
    "Sembiring", "Ginting", "Tarigan", "Manurung", "Panjaitan", "Rangkuti", "Syahputra",
    "Firmansyah", "Hakim", "Maulana", "Ramli", "Sitompul", "Tambunan", "Wibowo", "Yusuf",
    "Zulkarnain", "Effendi", "Hutapea", "Napitupulu", "Pardede", "Rusli", "Situmorang",
    "Prasetyo", "Nugroho", "Hartono",
)  # fmt: skip
PLACES = (
    "Kabupaten Lampung Selatan", "Kabupaten Lombok Timur", "Kota Malang",
    "Kabupaten Konawe Selatan", "Kabupaten Pidie", "Kabupaten Sleman", "Kota Medan",
    "Kabupaten Bogor", "Kabupaten Gowa", "Kabupaten Banyuwangi", "Kota Kupang",
    "Kabupaten Tulang Bawang Barat",
)  # fmt: skip


@dataclass(frozen=True)
class Template:
    position: str
    text: str  # {name}, {place}, {number}


TEMPLATES = (
    Template(
        "Camat",
        "Dengan hormat, saya melaporkan camat {name} di {place} yang hadir dan memberi "
        "sambutan dalam deklarasi dukungan paslon bupati nomor urut {number} di balai desa "
        "pada hari Minggu. Foto kegiatan beredar di grup WhatsApp warga.",
    ),
    Template(
        "Kepala Desa",
        "lapor min, kades {name} di {place} bagi2 amplop 100rb ke warga td mlm, "
        "katanya titipan paslon no {number}. mohon ditindak",
    ),
    Template(
        "Guru",
        "Pagi min, ada guru SMP negeri (PNS) namanya {name} di {place} yang tiap hari upload "
        "story dukung calon nomor {number} di Instagram & TikTok, ngajak murid2 juga buat "
        "share. Screenshot ada.",
    ),
    Template(
        "Kepala Dinas",
        "Penelepon melaporkan mobil dinas berpelat merah yang dipakai kepala dinas {name} "
        "di {place} untuk mengangkut atribut kampanye calon nomor urut {number} ke lokasi "
        "rapat umum pada Sabtu.",
    ),
)

NAME_SPACE = len(FIRST) * len(MIDDLE) * len(LAST) * len(PLACES)


def identity(index: int) -> tuple[str, str]:
    """The index-th (name, place) combination: distinct for NAME_SPACE consecutive indexes."""
    rest = index % NAME_SPACE
    rest, first = divmod(rest, len(FIRST))
    rest, middle = divmod(rest, len(MIDDLE))
    place, last = divmod(rest, len(LAST))
    return f"{FIRST[first]} {MIDDLE[middle]} {LAST[last]}", PLACES[place]


def submission(index: int) -> dict[str, Any]:
    """The body of `POST /v1/reports` for report `index` of a run."""
    name, place = identity(index)
    template = TEMPLATES[index % len(TEMPLATES)]
    body: dict[str, Any] = {
        "channel": "web",  # the public route files web, api and email only
        "text": template.text.format(name=name, place=place, number=1 + index % 5),
        "reported_name": name,
        "reported_position": template.position,
        "location_text": place,
    }
    if index % 3 == 0:
        body["reporter"] = {"anonymous": True}
    else:
        body["reporter"] = {
            "name": f"Warga {PLACES[index % len(PLACES)].split()[-1]}",
            "phone": f"+62812{index % 100_000_000:08d}",
            "wants_updates": index % 2 == 0,
        }
    return body
