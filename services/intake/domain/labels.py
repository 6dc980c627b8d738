"""What citizens read on the tracking page, in Bahasa Indonesia and English.

Plain words a reporter understands, never the internal codes: every case status, route
authority and violation category has both languages (tests/unit/intake/test_labels.py
walks the enums, so a new status without a label fails the build).
"""

from __future__ import annotations

from typing import Literal

from schemas.cases import CaseStatus
from schemas.triage import Authority, Category

Lang = Literal["id", "en"]
Labels = dict[Lang, str]

STATUS: dict[CaseStatus, Labels] = {
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

AUTHORITY: dict[Authority, Labels] = {
    Authority.BAWASLU: {
        "id": "Bawaslu (Badan Pengawas Pemilu)",
        "en": "Bawaslu (the election supervisory body)",
    },
    Authority.GAKKUMDU: {
        "id": "Sentra Gakkumdu (Bawaslu, kepolisian dan kejaksaan)",
        "en": "Gakkumdu (Bawaslu, police and prosecutors together)",
    },
    Authority.KEMENDAGRI: {"id": "Kementerian Dalam Negeri", "en": "Ministry of Home Affairs"},
    Authority.TNI_POLRI: {"id": "Pimpinan TNI/Polri", "en": "Military or police command"},
    Authority.PEMDA: {"id": "Pemerintah daerah", "en": "Local government"},
    Authority.SP4N_LAPOR: {
        "id": "SP4N-LAPOR! (layanan pengaduan publik)",
        "en": "SP4N-LAPOR! (the public complaints service)",
    },
}

CATEGORY: dict[Category, Labels] = {
    Category.PERSONNEL_CHANGE: {
        "id": "Mutasi atau penggantian pejabat",
        "en": "Moving or replacing officials",
    },
    Category.MONEY_POLITICS: {"id": "Politik uang", "en": "Vote buying"},
    Category.FAVORING_DECISION: {
        "id": "Keputusan yang menguntungkan peserta pemilu",
        "en": "A decision favouring a candidate",
    },
    Category.STATE_FACILITY: {
        "id": "Penggunaan fasilitas negara",
        "en": "Use of state property",
    },
    Category.MOBILIZATION: {"id": "Pengerahan massa atau pegawai", "en": "Mobilising people"},
    Category.CAMPAIGN_TEAM: {"id": "Menjadi tim kampanye", "en": "Joining a campaign team"},
    Category.PARTY_MEMBERSHIP_CANDIDACY: {
        "id": "Keanggotaan partai atau pencalonan",
        "en": "Party membership or running for office",
    },
    Category.CAMPAIGN_ACTIVITY: {
        "id": "Ikut kegiatan kampanye",
        "en": "Taking part in campaigning",
    },
    Category.CAMPAIGN_PROPS: {
        "id": "Memakai atau membagikan alat peraga kampanye",
        "en": "Wearing or handing out campaign material",
    },
    Category.PARTISAN_GESTURE: {
        "id": "Gestur atau simbol keberpihakan",
        "en": "Partisan gestures or symbols",
    },
    Category.SOCIAL_MEDIA_SUPPORT: {
        "id": "Dukungan lewat media sosial",
        "en": "Support on social media",
    },
    Category.OUT_OF_SCOPE: {
        "id": "Di luar pelanggaran netralitas",
        "en": "Not a neutrality breach",
    },
}

# Timeline entries the citizen sees by what happened; a status change shows its status.
ACTION: dict[str, Labels] = {
    "case.opened": {"id": "Kasus dibuka", "en": "Case opened"},
    "report.linked": {"id": "Laporan serupa digabungkan", "en": "Similar report linked"},
    "notification.delivered": {"id": "Pemberitahuan terkirim", "en": "Notification delivered"},
    "notification.failed": {"id": "Pemberitahuan gagal", "en": "Notification failed"},
    "notification.dead": {"id": "Pemberitahuan tidak terkirim", "en": "Notification not delivered"},
}
OTHER_STEP: Labels = {"id": "Laporan sedang ditangani", "en": "Your report is being handled"}
UNKNOWN: Labels = {"id": "Belum diketahui", "en": "Not known yet"}
