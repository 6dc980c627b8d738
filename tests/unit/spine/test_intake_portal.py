"""The citizens' portal: Bahasa Indonesia by default, errors named, same path as the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.unit

FORM = {
    "text": "Kepala dinas pendidikan ikut deklarasi tim pemenangan paslon di Kota Kediri.",
    "location_text": "Kota Kediri",
    "reported_position": "Kepala Dinas",
    "name": "Dewi Pelapor",
    "phone": "+6285700000000",
    "wants_updates": "1",
}


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


def test_form_report_is_accepted_and_spooled_when_kafka_is_down(
    client: TestClient, tmp_path: Path
) -> None:
    response = client.post("/lapor", data=FORM)
    assert response.status_code == 202
    assert "Laporan Anda telah diterima" in response.text
    spooled = list((tmp_path / "spool").glob("*.json"))
    assert len(spooled) == 1
    tracking = spooled[0].read_text().split('"tracking_code":"')[1][:23]
    assert tracking in response.text
    assert "Dewi Pelapor" not in spooled[0].read_text()


def test_tracking_page_says_when_status_is_unavailable(client: TestClient) -> None:
    assert "Kode pelacakan" in client.get("/lacak").text
    response = client.get("/lacak", params={"kode": "NTR-0000-0000-0000-0000"})
    assert response.status_code == 503 and "tidak tersedia" in response.text
