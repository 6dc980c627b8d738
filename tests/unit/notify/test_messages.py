from __future__ import annotations

from datetime import UTC, datetime

from schemas.cases import CaseOpened
from schemas.triage import Category, SubjectType
from services.notify.domain.messages import case_opened_message


def opened(*, region: str | None = "52.03", needs_review: bool = True) -> CaseOpened:
    return CaseOpened(
        case_id="CASE-1",
        report_id="RPT-1",
        opened_at=datetime(2026, 11, 1, tzinfo=UTC),
        category=Category.MONEY_POLITICS,
        subject_type=SubjectType.VILLAGE,
        region_code=region,
        routes=["BAWASLU:52.03"],
        needs_review=needs_review,
        summary="amplop",
    )


def test_message_is_in_bahasa_indonesia_with_english_beside() -> None:
    message = case_opened_message(opened(), recipient_name="Bawaslu 52.03")
    assert message["id"] == (
        "Kepada Bawaslu 52.03: kasus baru CASE-1 tentang dugaan pelanggaran netralitas ASN "
        "(politik uang) di wilayah 52.03 diteruskan kepada Anda. Perlu telaah manual klasifikasi."
    )
    assert message["en"] == (
        "To Bawaslu 52.03: new case CASE-1, a suspected ASN-neutrality breach (money politics) "
        "in 52.03, has been routed to you. Classification needs manual review."
    )


def test_unknown_region_is_said_in_words() -> None:
    message = case_opened_message(opened(region=None, needs_review=False), recipient_name="X")
    assert "wilayah belum diketahui diteruskan kepada Anda." in message["id"]
    assert message["en"].endswith("in unknown region, has been routed to you.")
