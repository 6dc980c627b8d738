"""User-facing labels in Bahasa Indonesia ("id") and English ("en"). Code never shows raw codes."""

from __future__ import annotations

from typing import Literal

Language = Literal["id", "en"]
Labels = dict[str, dict[Language, str]]

STATUS_LABELS: Labels = {
    "received": {"id": "Diterima", "en": "Received"},
    "preliminary_review": {"id": "Kajian Awal", "en": "Preliminary review"},
    "needs_completion": {"id": "Perlu Dilengkapi", "en": "Needs completion"},
    "not_registered": {"id": "Tidak Diregistrasi", "en": "Not registered"},
    "withdrawn": {"id": "Dicabut", "en": "Withdrawn"},
    "registered": {"id": "Diregistrasi", "en": "Registered"},
    "clarification": {"id": "Klarifikasi", "en": "Clarification"},
    "plenary_decided": {"id": "Diputus Rapat Pleno", "en": "Plenary decided"},
    "forwarded": {"id": "Diteruskan", "en": "Forwarded"},
    "bkn_verification": {"id": "Verifikasi BKN", "en": "BKN verification"},
    "ppk_examination": {"id": "Pemeriksaan PPK", "en": "PPK examination"},
    "escalated": {"id": "Dieskalasi", "en": "Escalated"},
    "closed": {"id": "Selesai", "en": "Closed"},
}

COMMAND_LABELS: Labels = {
    "start_review": {"id": "Mulai Kajian Awal", "en": "Start preliminary review"},
    "request_completion": {"id": "Minta Kelengkapan", "en": "Request completion"},
    "record_completion": {"id": "Catat Kelengkapan", "en": "Record completion"},
    "register": {"id": "Registrasi Laporan", "en": "Register report"},
    "register_as_finding": {"id": "Jadikan Temuan", "en": "Register as finding"},
    "not_register": {"id": "Tidak Diregistrasi", "en": "Do not register"},
    "withdraw": {"id": "Catat Pencabutan Laporan", "en": "Record withdrawal"},
    "take_over": {"id": "Ambil Alih", "en": "Take over"},
    "correct_triage": {"id": "Koreksi Triase", "en": "Correct triage"},
    "start_clarification": {"id": "Mulai Klarifikasi", "en": "Start clarification"},
    "extend_clarification": {"id": "Perpanjang Klarifikasi", "en": "Extend clarification"},
    "decide_plenary": {"id": "Catat Putusan Pleno", "en": "Record plenary decision"},
    "forward_to_bkn": {"id": "Teruskan ke BKN", "en": "Forward to BKN"},
    "forward_to_gakkumdu": {"id": "Teruskan ke Sentra Gakkumdu", "en": "Forward to Gakkumdu"},
    "forward_to_authority": {"id": "Teruskan ke Instansi Berwenang", "en": "Forward to authority"},
    "start_bkn_verification": {"id": "Mulai Verifikasi BKN", "en": "Start BKN verification"},
    "record_bkn_recommendation": {"id": "Catat Rekomendasi BKN", "en": "Record BKN recommendation"},
    "record_sanction": {"id": "Catat Sanksi", "en": "Record sanction"},
    "escalate": {"id": "Eskalasi", "en": "Escalate"},
    "conclude_track": {"id": "Catat Hasil Tindak Lanjut", "en": "Record track result"},
    "close": {"id": "Tutup Kasus", "en": "Close case"},
    "reopen": {"id": "Buka Kembali", "en": "Reopen"},
    "link_report": {"id": "Gabungkan Laporan", "en": "Link report"},
    "unlink_report": {"id": "Pisahkan Laporan", "en": "Unlink report"},
}

OUTCOME_LABELS: Labels = {
    "not_a_violation": {"id": "Bukan Pelanggaran", "en": "Not a violation"},
    "neutrality": {"id": "Pelanggaran Netralitas ASN", "en": "ASN neutrality violation"},
    "criminal": {"id": "Tindak Pidana Pemilihan", "en": "Election crime"},
    "administrative": {"id": "Pelanggaran Administratif", "en": "Administrative violation"},
    "ethics": {"id": "Pelanggaran Kode Etik Penyelenggara", "en": "Organiser ethics violation"},
    "other_law": {"id": "Pelanggaran Hukum Lainnya", "en": "Violation of other laws"},
}

TRACK_STATUS_LABELS: Labels = {
    "pending": {"id": "Belum Diteruskan", "en": "Not yet forwarded"},
    "forwarded": {"id": "Diteruskan", "en": "Forwarded"},
    "in_verification": {"id": "Diverifikasi BKN", "en": "In BKN verification"},
    "awaiting_ppk": {"id": "Menunggu PPK", "en": "Awaiting PPK"},
    "escalated": {"id": "Dieskalasi", "en": "Escalated"},
    "sanctioned": {"id": "Sanksi Dijatuhkan", "en": "Sanctioned"},
    "concluded": {"id": "Selesai", "en": "Concluded"},
}

TRACK_KIND_LABELS: Labels = {  # the dispositions a plenary decision opens
    "neutrality": {"id": "Netralitas ASN (BKN)", "en": "ASN neutrality (BKN)"},
    "criminal": {"id": "Pidana pemilihan (Gakkumdu)", "en": "Election crime (Gakkumdu)"},
    "administrative": {"id": "Administratif", "en": "Administrative"},
    "ethics": {"id": "Etik penyelenggara", "en": "Organiser ethics"},
    "other_law": {"id": "Hukum lainnya", "en": "Other laws"},
}

AUTHORITY_LABELS: Labels = {  # who a route names (schemas.triage.Authority)
    "BAWASLU": {"id": "Bawaslu", "en": "Bawaslu (election supervisory body)"},
    "GAKKUMDU": {"id": "Sentra Gakkumdu", "en": "Gakkumdu (election crimes centre)"},
    "KEMENDAGRI": {"id": "Kementerian Dalam Negeri", "en": "Ministry of Home Affairs"},
    "TNI_POLRI": {"id": "TNI/Polri", "en": "Armed forces / national police"},
    "PEMDA": {"id": "Pemerintah Daerah", "en": "Regional government"},
    "SP4N_LAPOR": {"id": "SP4N-LAPOR!", "en": "SP4N-LAPOR! (public complaints service)"},
}

SANCTION_LABELS: Labels = {
    "ethics": {"id": "Sanksi Moral (Etik)", "en": "Ethics sanction"},
    "light": {"id": "Hukuman Disiplin Ringan", "en": "Light disciplinary sanction"},
    "medium": {"id": "Hukuman Disiplin Sedang", "en": "Medium disciplinary sanction"},
    "heavy": {"id": "Hukuman Disiplin Berat", "en": "Heavy disciplinary sanction"},
    "dismissal": {"id": "Pemberhentian", "en": "Dismissal"},
}

DEADLINE_STATE_LABELS: Labels = {
    "ok": {"id": "Sesuai Jadwal", "en": "On time"},
    "approaching": {"id": "Mendekati Batas Waktu", "en": "Deadline approaching"},
    "missed": {"id": "Melewati Batas Waktu", "en": "Deadline missed"},
}


def label(table: Labels, code: str, language: Language = "id") -> str:
    """The label for a code, or the code itself so a missing label never breaks a page."""
    return table.get(code, {}).get(language, code)
