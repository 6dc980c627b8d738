"""What citizens read on the tracking page, in Bahasa Indonesia and English.

Plain words a reporter understands, never the internal codes: every case status, route
authority and violation category has both languages (tests/unit/intake/test_labels.py
walks the enums, so a new status without a label fails the build).
"""

from __future__ import annotations

from schemas.citizen_status import Labels
from schemas.triage import Authority, Category

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
