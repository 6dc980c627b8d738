"""Every code a notification can mention, in Bahasa Indonesia and in English.

Recipients read notifications, not codes: a status, disposition, route authority,
category or event type without a label here would reach them raw. The completeness
test (tests/unit/notify/test_labels.py) walks the enums, so a new code fails it
until both languages have a label.
"""

from __future__ import annotations

from typing import NamedTuple

from schemas.cases import CaseStatus, TrackKind
from schemas.events import (
    CASE_ASSIGNED,
    CASE_CLOSED,
    CASE_DEADLINE_APPROACHING,
    CASE_DEADLINE_MISSED,
    CASE_ESCALATED,
    CASE_FORWARDED,
    CASE_OPENED,
    CASE_REGISTERED,
    CASE_REPORT_LINKED,
    CASE_REPORT_UNLINKED,
    CASE_STATUS_CHANGED,
    CASE_TRIAGE_CORRECTED,
    DLQ_MESSAGE,
    NOTIFICATION_DELIVERED,
    REPORT_RECEIVED,
    REPORT_TRIAGED,
)
from schemas.triage import Authority, Category


class Label(NamedTuple):
    id: str  # Bahasa Indonesia, the language of record
    en: str


EVENT_LABELS: dict[str, Label] = {
    REPORT_RECEIVED: Label("laporan diterima", "report received"),
    REPORT_TRIAGED: Label("laporan dipilah", "report triaged"),
    CASE_OPENED: Label("kasus baru", "new case"),
    CASE_REPORT_LINKED: Label("laporan baru digabungkan ke kasus", "report linked to the case"),
    CASE_STATUS_CHANGED: Label("status kasus berubah", "case status changed"),
    CASE_DEADLINE_APPROACHING: Label("tenggat kasus mendekat", "case deadline approaching"),
    CASE_DEADLINE_MISSED: Label("tenggat kasus terlewat", "case deadline missed"),
    CASE_REGISTERED: Label("kasus diregistrasi", "case registered"),
    CASE_FORWARDED: Label("kasus diteruskan", "case forwarded"),
    CASE_ASSIGNED: Label("kasus ditugaskan", "case assigned"),
    CASE_ESCALATED: Label("kasus dieskalasi", "case escalated"),
    CASE_CLOSED: Label("kasus selesai", "case closed"),
    CASE_REPORT_UNLINKED: Label("laporan dipisahkan dari kasus", "report split from the case"),
    CASE_TRIAGE_CORRECTED: Label("klasifikasi kasus dikoreksi", "case classification corrected"),
    NOTIFICATION_DELIVERED: Label("notifikasi terkirim", "notification delivered"),
    DLQ_MESSAGE: Label("pesan gagal diproses", "message could not be processed"),
}

STATUS_LABELS: dict[CaseStatus, Label] = {
    CaseStatus.RECEIVED: Label("diterima", "received"),
    CaseStatus.PRELIMINARY_REVIEW: Label("kajian awal", "preliminary review"),
    CaseStatus.NEEDS_COMPLETION: Label("perlu dilengkapi", "needs completion"),
    CaseStatus.NOT_REGISTERED: Label("tidak diregistrasi", "not registered"),
    CaseStatus.WITHDRAWN: Label("dicabut", "withdrawn"),
    CaseStatus.REGISTERED: Label("diregistrasi", "registered"),
    CaseStatus.CLARIFICATION: Label("klarifikasi", "clarification"),
    CaseStatus.PLENARY_DECIDED: Label("diputus rapat pleno", "decided by the plenary"),
    CaseStatus.FORWARDED: Label("diteruskan", "forwarded"),
    CaseStatus.BKN_VERIFICATION: Label("verifikasi BKN", "BKN verification"),
    CaseStatus.PPK_EXAMINATION: Label("pemeriksaan PPK", "PPK examination"),
    CaseStatus.ESCALATED: Label("dieskalasi", "escalated"),
    CaseStatus.CLOSED: Label("selesai", "closed"),
}

DISPOSITION_LABELS: dict[TrackKind, Label] = {
    TrackKind.NEUTRALITY: Label("pelanggaran netralitas ASN", "ASN neutrality violation"),
    TrackKind.CRIMINAL: Label("tindak pidana pemilihan", "election crime"),
    TrackKind.ADMINISTRATIVE: Label("pelanggaran administratif", "administrative violation"),
    TrackKind.ETHICS: Label(
        "pelanggaran kode etik penyelenggara", "election organiser ethics violation"
    ),
    TrackKind.OTHER_LAW: Label("pelanggaran hukum lainnya", "violation of other laws"),
}

AUTHORITY_LABELS: dict[Authority, Label] = {
    Authority.BAWASLU: Label("Bawaslu", "Bawaslu (Election Supervisory Agency)"),
    Authority.GAKKUMDU: Label(
        "Sentra Gakkumdu", "Gakkumdu (integrated election law enforcement centre)"
    ),
    Authority.KEMENDAGRI: Label("Kementerian Dalam Negeri", "Ministry of Home Affairs"),
    Authority.TNI_POLRI: Label("Pengawas internal TNI/Polri", "TNI/Polri internal oversight"),
    Authority.PEMDA: Label("Pemerintah daerah", "regional government"),
    Authority.SP4N_LAPOR: Label(
        "SP4N-LAPOR! (KemenPANRB)", "SP4N-LAPOR! public complaints service (KemenPANRB)"
    ),
}

CATEGORY_LABELS: dict[Category, Label] = {
    Category.PERSONNEL_CHANGE: Label(
        "mutasi/rotasi pejabat di masa larangan", "personnel change in blackout"
    ),
    Category.MONEY_POLITICS: Label("politik uang", "money politics"),
    Category.FAVORING_DECISION: Label(
        "keputusan/program yang menguntungkan calon", "decision favouring a candidate"
    ),
    Category.STATE_FACILITY: Label("penggunaan fasilitas negara", "use of state facilities"),
    Category.MOBILIZATION: Label("pengerahan/mobilisasi", "mobilisation"),
    Category.CAMPAIGN_TEAM: Label("menjadi tim kampanye/pemenangan", "campaign team membership"),
    Category.PARTY_MEMBERSHIP_CANDIDACY: Label(
        "keanggotaan partai/pencalonan", "party membership or candidacy"
    ),
    Category.CAMPAIGN_ACTIVITY: Label("ikut kegiatan kampanye", "campaign activity"),
    Category.CAMPAIGN_PROPS: Label("alat peraga kampanye", "campaign props"),
    Category.PARTISAN_GESTURE: Label("foto/pose mendukung calon", "partisan gesture"),
    Category.SOCIAL_MEDIA_SUPPORT: Label("dukungan di media sosial", "social-media support"),
    Category.OUT_OF_SCOPE: Label("di luar kewenangan (bukan netralitas pemilu)", "out of scope"),
}
