"""The citizen wording of every case status, in Bahasa Indonesia and English.

What a reporter reads about their report's progress (the tracking page, SMS `CEK`
answers, the reporter's notifications): plain words, never the internal codes. One copy
for every service that speaks to citizens; tests walk the enum, so a new status without
words fails the build.
"""

from __future__ import annotations

from typing import Literal

from schemas.cases import CaseStatus

Lang = Literal["id", "en"]
Labels = dict[Lang, str]

CITIZEN_STATUS: dict[CaseStatus, Labels] = {
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
