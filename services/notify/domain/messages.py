"""Notification texts, in Bahasa Indonesia first and English beside it."""

from __future__ import annotations

from schemas.cases import CaseOpened
from schemas.events import CASE_OPENED
from services.notify.domain.labels import CATEGORY_LABELS, EVENT_LABELS


def case_opened_message(opened: CaseOpened, *, recipient_name: str) -> dict[str, str]:
    event = EVENT_LABELS[CASE_OPENED]
    category = CATEGORY_LABELS[opened.category]
    where = opened.region_code or "wilayah belum diketahui"
    where_en = opened.region_code or "unknown region"
    review_id = " Perlu telaah manual klasifikasi." if opened.needs_review else ""
    review_en = " Classification needs manual review." if opened.needs_review else ""
    return {
        "id": (
            f"Kepada {recipient_name}: {event.id} {opened.case_id} tentang dugaan pelanggaran "
            f"netralitas ASN ({category.id}) di wilayah {where} diteruskan kepada Anda.{review_id}"
        ),
        "en": (
            f"To {recipient_name}: {event.en} {opened.case_id}, a suspected ASN-neutrality breach "
            f"({category.en}) in {where_en}, has been routed to you.{review_en}"
        ),
    }
