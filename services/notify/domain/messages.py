"""Notification texts, in Bahasa Indonesia first and English beside it."""

from __future__ import annotations

import hashlib
from typing import Any

from schemas.cases import CaseOpened

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "PERSONNEL_CHANGE": ("mutasi/rotasi pejabat di masa larangan", "personnel change in blackout"),
    "MONEY_POLITICS": ("politik uang", "money politics"),
    "FAVORING_DECISION": (
        "keputusan/program yang menguntungkan calon",
        "decision favouring a candidate",
    ),
    "STATE_FACILITY": ("penggunaan fasilitas negara", "use of state facilities"),
    "MOBILIZATION": ("pengerahan/mobilisasi", "mobilisation"),
    "CAMPAIGN_TEAM": ("menjadi tim kampanye/pemenangan", "campaign team membership"),
    "PARTY_MEMBERSHIP_CANDIDACY": (
        "keanggotaan partai/pencalonan",
        "party membership or candidacy",
    ),
    "CAMPAIGN_ACTIVITY": ("ikut kegiatan kampanye", "campaign activity"),
    "CAMPAIGN_PROPS": ("alat peraga kampanye", "campaign props"),
    "PARTISAN_GESTURE": ("foto/pose mendukung calon", "partisan gesture"),
    "SOCIAL_MEDIA_SUPPORT": ("dukungan di media sosial", "social-media support"),
    "OUT_OF_SCOPE": ("di luar kewenangan (bukan netralitas pemilu)", "out of scope"),
}


def notification_id(*, source_event_id: str, route: str, channel: str) -> str:
    """Stable per (event, recipient, channel): the key that makes a second send impossible."""
    digest = hashlib.sha256(f"{source_event_id}|{route}|{channel}".encode()).hexdigest()
    return "NTF-" + digest[:32].upper()


def case_opened_message(opened: CaseOpened, *, recipient_name: str) -> dict[str, str]:
    label_id, label_en = CATEGORY_LABELS.get(opened.category.value, (opened.category.value,) * 2)
    where = opened.region_code or "wilayah belum diketahui"
    where_en = opened.region_code or "unknown region"
    review_id = " Perlu telaah manual klasifikasi." if opened.needs_review else ""
    review_en = " Classification needs manual review." if opened.needs_review else ""
    return {
        "id": (
            f"Kepada {recipient_name}: kasus baru {opened.case_id} tentang dugaan pelanggaran "
            f"netralitas ASN ({label_id}) di wilayah {where} diteruskan kepada Anda.{review_id}"
        ),
        "en": (
            f"To {recipient_name}: new case {opened.case_id}, a suspected ASN-neutrality breach "
            f"({label_en}) in {where_en}, has been routed to you.{review_en}"
        ),
    }


def case_opened_body(
    opened: CaseOpened, *, event_id: str, route: str, recipient_name: str, notification: str
) -> dict[str, Any]:
    return {
        "notification_id": notification,
        "event_id": event_id,
        "event_type": "case.opened",
        "case_id": opened.case_id,
        "recipient": {"route": route, "name": recipient_name},
        "message": case_opened_message(opened, recipient_name=recipient_name),
        "case": opened.model_dump(mode="json", exclude={"report_id"}),
    }
