"""The citizens' portal on fakes: Bahasa Indonesia by default, errors named, same use case."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from services.intake.domain.tracking import PublicStatus, PublicTimelineItem
from tests.fakes.intake import FakeReportPublisher, FakeSpool, FakeStatusSource

FORM = {
    "text": "Kepala dinas pendidikan ikut deklarasi tim pemenangan paslon di Kota Kediri.",
    "location_text": "Kota Kediri",
    "reported_position": "Kepala Dinas",
    "name": "Dewi Pelapor",
    "phone": "+6285700000000",
    "wants_updates": "1",
}
CODE = "NTR-AAAA-BBBB-CCCC-DDDD"


def test_form_is_in_bahasa_indonesia_with_english_available(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'lang="id"' in page.text
    assert "Kirim laporan" in page.text and "English" in page.text
    english = client.get("/?lang=en")
    assert "Submit report" in english.text and 'lang="en"' in english.text


def test_invalid_form_is_shown_again_naming_the_field(client: TestClient) -> None:
    response = client.post("/lapor", data={**FORM, "text": "pendek"})
    assert response.status_code == 422
    assert "Mohon perbaiki" in response.text and "<strong>text</strong>" in response.text
    assert "Dewi Pelapor" in response.text  # what the citizen typed is kept


def test_anonymous_with_a_name_is_refused(client: TestClient) -> None:
    response = client.post("/lapor", data={**FORM, "anonymous": "1"})
    assert response.status_code == 422 and "reporter" in response.text


def test_form_report_is_accepted_and_shows_its_tracking_code(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    response = client.post("/lapor", data=FORM)
    assert response.status_code == 202
    assert "Laporan Anda telah diterima" in response.text
    [event] = publisher.published
    assert event.data.tracking_code in response.text
    assert event.data.content.channel == "web"
    assert event.data.reporter.wants_updates


def test_form_report_is_spooled_when_the_broker_is_down(
    client: TestClient, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    publisher.unreachable = True
    response = client.post("/lapor", data=FORM)
    assert response.status_code == 202
    [name] = spool.pending()
    assert spool.read(name).data.tracking_code in response.text
    assert b"Dewi Pelapor" not in spool.items[name]


def test_tracking_page_says_when_status_is_unavailable(
    client: TestClient, statuses: FakeStatusSource
) -> None:
    assert "Kode pelacakan" in client.get("/lacak").text
    statuses.unavailable = True
    response = client.get("/lacak", params={"kode": CODE})
    assert response.status_code == 503 and "tidak tersedia" in response.text


def test_tracking_page_refuses_a_malformed_or_unknown_code(
    client: TestClient, statuses: FakeStatusSource
) -> None:
    malformed = client.get("/lacak", params={"kode": "NTR-12"})
    assert malformed.status_code == 400 and "Kolom kode" in malformed.text  # names the field
    assert statuses.asked == []  # a malformed code never leaves intake
    unknown = client.get("/lacak", params={"kode": CODE.lower()})
    assert unknown.status_code == 404 and statuses.asked == [CODE]


def test_tracking_page_shows_status_route_and_history_in_plain_words(
    client: TestClient, statuses: FakeStatusSource
) -> None:
    at = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)
    statuses.statuses[CODE] = PublicStatus(
        tracking_code=CODE,
        status="bkn_verification",
        received_at=at,
        category="STATE_FACILITY",
        routes=["BAWASLU:11.07"],
        timeline=[PublicTimelineItem(at=at, action="case.opened", status="received")],
    )
    page = client.get("/lacak", params={"kode": CODE})
    assert page.status_code == 200
    for shown in ("Diteruskan ke BKN", "Penggunaan fasilitas negara", "Bawaslu (Badan"):
        assert shown in page.text
    assert "BAWASLU:11.07" in page.text and "Kasus dibuka" in page.text
    assert "bkn_verification" not in page.text and "STATE_FACILITY" not in page.text
    english = client.get("/lacak", params={"kode": CODE, "lang": "en"})
    assert "civil service agency" in english.text and "Case opened" in english.text


def test_form_report_nowhere_to_keep_is_shown_again_with_a_plea_to_resend(
    client: TestClient, publisher: FakeReportPublisher, spool: FakeSpool
) -> None:
    publisher.unreachable, spool.full = True, True
    response = client.post("/lapor", data=FORM, params={"lang": "en"})
    assert response.status_code == 503
    assert "Please send it again" in response.text and "Dewi Pelapor" in response.text
