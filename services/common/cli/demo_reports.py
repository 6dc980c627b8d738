"""Realistic, invented demo reports (Bahasa Indonesia), different regions, posted to intake's
public route: so only its channels (web, api, email). SMS and WhatsApp come through the
gateway, calls through the hotline desk and Bawaslu's findings through its feed, each on a
route that authenticates the sender."""

from __future__ import annotations

from typing import Any

DEMO_REPORTS: tuple[dict[str, Any], ...] = (
    {
        "channel": "web",
        "text": (
            "Dengan hormat, saya melaporkan seorang camat di Kabupaten Lampung Selatan yang hadir "
            "dan memberi sambutan dalam deklarasi dukungan paslon bupati nomor urut 2 di balai "
            "desa pada hari Minggu. Foto kegiatan beredar di grup WhatsApp warga."
        ),
        "reported_position": "Camat",
        "occurred_on": "2026-11-15",
        "known_on": "2026-11-16",
        "reporter": {
            "name": "Warga Pelapor Satu",
            "phone": "+6281200000001",
            "wants_updates": True,
        },
    },
    {
        "channel": "web",
        "text": (
            "lapor min, kades di kab lombok timur bagi2 amplop 100rb ke warga td mlm, "
            "titipan paslon no 1"
        ),
        "reporter": {"anonymous": True},
    },
    {
        "channel": "email",
        "text": (
            "Pagi min, ada guru SMP negeri (PNS) di Kota Malang yang tiap hari upload story dukung "
            "cawalkot nomor 3 di Instagram & TikTok, ngajak murid2 juga buat share. Screenshot ada."
        ),
        "reporter": {"name": "Orang Tua Murid", "email": "pelapor.demo@example.org"},
    },
    {
        "channel": "web",
        "text": (
            "Saya melihat mobil dinas berpelat merah milik Pemkab Konawe Selatan dipakai "
            "mengangkut atribut kampanye salah satu calon bupati ke lokasi rapat umum pada Sabtu."
        ),
        "location_text": "Kecamatan Andoolo, Konawe Selatan",
        "reporter": {"anonymous": True},
    },
    {
        "channel": "api",
        "text": (
            "Laporan pemantau pemilu: Pj Bupati melantik dan memutasi 12 pejabat pengawas di "
            "lingkungan pemerintah kabupaten dalam masa enam bulan sebelum penetapan pasangan "
            "calon tanpa persetujuan tertulis Menteri Dalam Negeri."
        ),
        "region_code": "18.12",
        "reported_position": "Pj Bupati",
        "reported_agency": "Pemerintah Kabupaten Tulang Bawang Barat",
    },
)
