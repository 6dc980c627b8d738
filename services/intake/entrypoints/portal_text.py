"""Citizen portal texts: Bahasa Indonesia first, English beside it."""

from __future__ import annotations

from services.intake.domain.labels import Lang

TEXT: dict[str, dict[Lang, str]] = {
    "title": {"id": "Lapor Netralitas ASN", "en": "Report an ASN-neutrality breach"},
    "intro": {
        "id": "Laporkan dugaan pelanggaran netralitas ASN, kepala desa, atau pejabat dalam pemilu "
        "dan pilkada. Identitas Anda dienkripsi dan hanya dibuka petugas yang berwenang.",
        "en": "Report a suspected neutrality breach by a civil servant, village head or official "
        "in an election. Your identity is encrypted and only opened by authorised staff.",
    },
    "what": {"id": "Apa yang terjadi?", "en": "What happened?"},
    "text_hint": {
        "id": "Siapa, melakukan apa, kapan, di mana, dan bukti yang Anda miliki.",
        "en": "Who did what, when, where, and what evidence you have.",
    },
    "location_text": {"id": "Lokasi kejadian", "en": "Where it happened"},
    "occurred_on": {"id": "Tanggal kejadian", "en": "Date it happened"},
    "known_on": {"id": "Tanggal Anda mengetahui", "en": "Date you learned of it"},
    "reported": {"id": "Pihak yang dilaporkan", "en": "Who is reported"},
    "reported_name": {"id": "Nama", "en": "Name"},
    "reported_position": {"id": "Jabatan", "en": "Position"},
    "reported_agency": {"id": "Instansi", "en": "Agency"},
    "reporter": {"id": "Identitas pelapor", "en": "Your details"},
    "anonymous": {
        "id": "Saya ingin anonim (laporan anonim tidak dapat diregistrasi, tetapi tetap dapat "
        "menjadi informasi awal temuan Bawaslu)",
        "en": "Stay anonymous (an anonymous report cannot be registered, but can still start a "
        "Bawaslu finding)",
    },
    "name": {"id": "Nama lengkap", "en": "Full name"},
    "phone": {"id": "Nomor telepon/WhatsApp", "en": "Phone/WhatsApp"},
    "email": {"id": "Email", "en": "Email"},
    "address": {"id": "Alamat", "en": "Address"},
    "wants_updates": {"id": "Kabari saya perkembangan laporan", "en": "Send me updates"},
    "submit": {"id": "Kirim laporan", "en": "Submit report"},
    "fix": {"id": "Mohon perbaiki isian berikut:", "en": "Please correct the following:"},
    "thanks": {"id": "Laporan Anda telah diterima", "en": "Your report has been received"},
    "keep_code": {
        "id": "Simpan kode pelacakan ini untuk memantau laporan Anda:",
        "en": "Keep this tracking code to follow your report:",
    },
    "track": {"id": "Lacak laporan", "en": "Track a report"},
    "code": {"id": "Kode pelacakan", "en": "Tracking code"},
    "look_up": {"id": "Lihat status", "en": "Look up"},
    "status": {"id": "Status", "en": "Status"},
    "category": {"id": "Kategori", "en": "Category"},
    "routed_to": {"id": "Diteruskan kepada", "en": "Routed to"},
    "history": {"id": "Riwayat", "en": "History"},
    "not_found": {"id": "Kode pelacakan tidak ditemukan.", "en": "Tracking code not found."},
    "malformed_code": {
        "id": "Kolom kode: kode pelacakan tidak sah (contoh: NTR-7K3M-Q9P2-XW4T-8HRC).",
        "en": "Field kode: not a valid tracking code (e.g. NTR-7K3M-Q9P2-XW4T-8HRC).",
    },
    "unavailable": {
        "id": "Layanan status sedang tidak tersedia. Coba lagi sebentar lagi.",
        "en": "The status service is unavailable. Please try again shortly.",
    },
    "not_saved": {
        "id": "Laporan belum tersimpan. Mohon kirim sekali lagi.",
        "en": "Your report could not be saved. Please send it again.",
    },
    "new_report": {"id": "Buat laporan baru", "en": "File a new report"},
    "other_lang": {"id": "English", "en": "Bahasa Indonesia"},
}


def t(key: str, lang: Lang) -> str:
    return TEXT[key][lang]
