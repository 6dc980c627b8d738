"""What a reporter reads about their report's progress: the citizen wording, never codes.

The same plain words as the tracking page (services/intake/domain/labels.py; services
never import each other, so notify keeps its own copy, checked complete over the enum by
tests/unit/notify/test_citizen_view.py). Bahasa Indonesia is the language of record.
"""

from __future__ import annotations

from schemas.cases import CaseStatus

CITIZEN_STATUS: dict[CaseStatus, dict[str, str]] = {
    CaseStatus.RECEIVED: {
        "id": "Diterima, menunggu kajian awal",
        "en": "Received, awaiting review",
    },
    CaseStatus.PRELIMINARY_REVIEW: {"id": "Kajian awal", "en": "Being reviewed"},
    CaseStatus.NEEDS_COMPLETION: {
        "id": "Perlu dilengkapi oleh pelapor",
        "en": "Waiting for missing details from the reporter",
    },
    CaseStatus.NOT_REGISTERED: {
        "id": "Tidak dapat diregistrasi (syarat laporan tidak terpenuhi)",
        "en": "Could not be registered (the report did not meet the requirements)",
    },
    CaseStatus.WITHDRAWN: {"id": "Laporan dicabut", "en": "Report withdrawn"},
    CaseStatus.REGISTERED: {"id": "Diregistrasi", "en": "Registered"},
    CaseStatus.CLARIFICATION: {
        "id": "Klarifikasi pihak terkait",
        "en": "Hearing the people involved",
    },
    CaseStatus.PLENARY_DECIDED: {
        "id": "Diputus dalam rapat pleno Bawaslu",
        "en": "Decided at a Bawaslu plenary meeting",
    },
    CaseStatus.FORWARDED: {
        "id": "Diteruskan ke instansi berwenang",
        "en": "Forwarded to the authority in charge",
    },
    CaseStatus.BKN_VERIFICATION: {
        "id": "Diteruskan ke BKN untuk verifikasi",
        "en": "Forwarded to the civil service agency (BKN) for verification",
    },
    CaseStatus.PPK_EXAMINATION: {
        "id": "Rekomendasi sanksi dikirim ke atasan yang berwenang",
        "en": "Sanction recommended to the official's employer",
    },
    CaseStatus.ESCALATED: {
        "id": "Diteruskan ke tingkat lebih tinggi karena belum ditindaklanjuti",
        "en": "Passed to a higher authority because it was not acted on",
    },
    CaseStatus.CLOSED: {"id": "Selesai", "en": "Closed"},
}
BEING_HANDLED = {"id": "Laporan sedang ditangani", "en": "Your report is being handled"}
