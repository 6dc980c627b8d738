"""What intake answers a citizen over SMS or WhatsApp, in Bahasa Indonesia and English.

Short on purpose: a reply should fit one or two SMS segments (GSM-7 only, so no curly
quotes or emoji that would make it UCS-2 and halve the room).
"""

from __future__ import annotations

from schemas.citizen_status import Lang
from services.intake.domain.tracking import CitizenView

TEXTS: dict[str, dict[Lang, str]] = {
    "filed": {
        "id": (
            "Bawaslu: laporan Anda diterima, kode {code}. Simpan kode ini. Petugas akan "
            "mengkaji laporan; identitas Anda dirahasiakan. Cek status: balas CEK {code} "
            "atau {url}"
        ),
        "en": (
            "Bawaslu: your report was received, code {code}. Keep this code. Staff will "
            "review it; your identity is kept confidential. Status: reply CEK {code} or "
            "see {url}"
        ),
    },
    "too_short": {
        "id": (
            "Bawaslu: ceritakan apa yang terjadi, siapa (nama/jabatan ASN), di mana dan kapan, "
            "dalam satu pesan. Cek laporan: CEK <kode>"
        ),
        "en": (
            "Bawaslu: tell us what happened, who (name/position of the civil servant), where "
            "and when, in one message. Report status: CEK <code>"
        ),
    },
    "media_refused": {
        "id": (
            "{count} lampiran tidak dapat disimpan (terlalu besar atau bukan foto/video/audio/PDF)."
        ),
        "en": (
            "{count} attachment(s) could not be kept (too large, or not a photo/video/audio/PDF)."
        ),
    },
    "not_saved": {
        "id": "Bawaslu: laporan belum tersimpan karena gangguan. Mohon kirim ulang nanti.",
        "en": "Bawaslu: your report could not be saved. Please send it again later.",
    },
    "status": {
        "id": "Bawaslu: laporan {code}: {status}. Jenis: {category}.",
        "en": "Bawaslu: report {code}: {status}. Type: {category}.",
    },
    "malformed_code": {
        "id": "Bawaslu: kode tidak dikenali. Tulis: CEK NTR-XXXX-XXXX-XXXX-XXXX",
        "en": "Bawaslu: that code is not valid. Write: CEK NTR-XXXX-XXXX-XXXX-XXXX",
    },
    "unknown_code": {
        "id": "Bawaslu: tidak ada laporan dengan kode {code}. Laporan baru perlu beberapa menit.",
        "en": "Bawaslu: no report has the code {code}. A new report takes a few minutes.",
    },
    "unavailable": {
        "id": "Bawaslu: status belum dapat dicek. Coba lagi nanti.",
        "en": "Bawaslu: the status cannot be checked now. Please try again later.",
    },
}


def reply(key: str, lang: Lang, **values: str) -> str:
    return TEXTS[key][lang].format(**values)


def status_reply(view: CitizenView, lang: Lang) -> str:
    return reply(
        "status", lang, code=view.tracking_code, status=view.status, category=view.category
    )
