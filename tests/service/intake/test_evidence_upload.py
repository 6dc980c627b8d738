"""Attachments through the API and the form, on fakes: stored by hash outside the event,
photos stripped, witnesses sealed; every refusal named and nothing stored or published."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.reports import witness_seal_context
from services.common.crypto import Keyring, Sealed
from services.intake.domain.image_scrub import GPS_IFD
from services.intake.entrypoints.context import Intake
from tests.evidence_samples import EXE_BYTES, MAKE, PDF_BYTES, exif_of, phone_photo
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeEvidenceStore, FakeReportPublisher, FakeSpool
from tests.service.intake.conftest import EVIDENCE_LIMITS, intake_app

REPORT = {
    "channel": "api",
    "text": "Camat Sukarame membagikan kaos paslon 2 di kantor kecamatan.",
    "evidence_text": "Foto kaos dan surat edaran",
    "witnesses": [{"name": "Budi Saksi", "contact": "+628111222333"}],
    "reporter": {"name": "Rina Pelapor", "confidential": True},
}


@pytest.fixture
def client(intake: Intake, rate_clock: FakeClock) -> Iterator[TestClient]:
    """Room for every file at its limit, as bootstrap sizes the body bound."""
    room = 4096 + EVIDENCE_LIMITS.max_files * (EVIDENCE_LIMITS.max_file_bytes + 4096)
    with TestClient(intake_app(intake, clock=rate_clock, max_body_bytes=room)) as test_client:
        yield test_client


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]


def post(client: TestClient, files: list[tuple[str, bytes]], **fields: str) -> Answer:
    response = client.post(
        "/v1/reports",
        data=fields,
        files=[("report", (None, json.dumps(REPORT).encode()))]
        + [("evidence", (name, data)) for name, data in files],
    )
    return Answer(response.status_code, response.json())


def test_a_report_with_files_carries_hashes_and_the_store_holds_the_bytes(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    answer = post(client, [("foto.jpg", phone_photo()), ("surat.pdf", PDF_BYTES)])
    assert answer.status == 202
    (event,) = publisher.published
    refs = event.data.evidence
    assert [r["sha256"] for r in answer.body["evidence"]] == [r.sha256 for r in refs]
    assert [(r.filename, r.media_type) for r in refs] == [
        ("foto.jpg", "image/jpeg"),
        ("surat.pdf", "application/pdf"),
    ]
    for ref in refs:
        stored = evidence.files[ref.sha256]
        assert hashlib.sha256(stored).hexdigest() == ref.sha256 and len(stored) == ref.size
    assert evidence.files[refs[1].sha256] == PDF_BYTES  # a PDF is kept as sent
    photo = exif_of(evidence.files[refs[0].sha256])
    assert MAKE not in photo and not photo.get_ifd(GPS_IFD)
    assert event.data.content.evidence_text == "Foto kaos dan surat edaran"


def test_keep_location_keeps_the_gps_and_says_so(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    assert post(client, [("foto.jpg", phone_photo())], keep_location="1").status == 202
    (ref,) = publisher.published[0].data.evidence
    assert ref.location_kept
    assert exif_of(evidence.files[ref.sha256]).get_ifd(GPS_IFD)[1] == "S"


def test_witnesses_leave_only_sealed_and_the_reporter_is_confidential(
    client: TestClient, publisher: FakeReportPublisher, keyring: Keyring
) -> None:
    assert post(client, []).status == 202
    data = publisher.published[0].data
    assert "Budi" not in data.model_dump_json()
    (sealed,) = data.witnesses
    opened = keyring.open(
        Sealed(sealed.key_id, sealed.nonce, sealed.ciphertext),
        context=witness_seal_context(data.report_id, 0),
    )
    assert opened == {"name": "Budi Saksi", "contact": "+628111222333"}
    assert data.reporter.confidential and not data.reporter.anonymous


def nothing_kept(publisher: FakeReportPublisher, evidence: FakeEvidenceStore) -> bool:
    return publisher.published == [] and evidence.files == {}


def test_an_exe_renamed_jpg_is_a_422_naming_it_and_nothing_is_stored(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    answer = post(client, [("foto.jpg", phone_photo()), ("bukti.jpg", EXE_BYTES)])
    assert answer.status == 422
    assert answer.body["errors"] == [
        {
            "field": "evidence",
            "file": "bukti.jpg",
            "message": answer.body["errors"][0]["message"],
        }
    ]
    assert "bukti.jpg" in str(answer.body["detail"])
    assert nothing_kept(publisher, evidence)


def test_an_oversized_file_is_a_413_naming_file_and_limit(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    big = PDF_BYTES + b"0" * EVIDENCE_LIMITS.max_file_bytes
    answer = post(client, [("foto.jpg", phone_photo()), ("besar.pdf", big)])
    body = answer.body
    assert answer.status == 413
    assert body["limit"] == EVIDENCE_LIMITS.max_file_bytes
    assert body["errors"][0]["file"] == "besar.pdf"
    assert nothing_kept(publisher, evidence)


def test_too_many_files_is_a_422_naming_the_limit(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    files = [(f"{n}.pdf", PDF_BYTES + bytes([n])) for n in range(EVIDENCE_LIMITS.max_files + 1)]
    answer = post(client, files)
    assert answer.status == 422
    assert answer.body["limit"] == EVIDENCE_LIMITS.max_files
    assert nothing_kept(publisher, evidence)


def test_a_report_part_not_in_utf8_is_a_400_naming_it(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    latin1 = json.dumps(REPORT, ensure_ascii=False).replace("Camat", "Camat é").encode("latin-1")
    response = client.post(
        "/v1/reports",
        files=[("report", (None, latin1)), ("evidence", ("surat.pdf", PDF_BYTES))],
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "report", "message": "not valid UTF-8 text: send it in UTF-8"}
    ]
    assert nothing_kept(publisher, evidence)


def test_a_report_that_cannot_be_saved_takes_its_new_files_with_it(
    client: TestClient,
    publisher: FakeReportPublisher,
    spool: FakeSpool,
    evidence: FakeEvidenceStore,
) -> None:
    evidence.files["0" * 64] = b"held by an earlier report"
    publisher.unreachable, spool.max_reports = True, 0
    answer = post(client, [("surat.pdf", PDF_BYTES)])
    assert answer.status == 503
    assert evidence.files == {"0" * 64: b"held by an earlier report"}


def test_a_store_that_fails_mid_upload_leaves_nothing_behind(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    evidence.failing_after = 1
    answer = post(client, [("a.pdf", PDF_BYTES), ("b.pdf", PDF_BYTES + b"b")])
    assert answer.status == 503
    assert nothing_kept(publisher, evidence)


def test_the_form_takes_files_witnesses_and_the_filing_mode(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    response = client.post(
        "/lapor",
        data={
            "text": REPORT["text"],
            "filing": "anonymous",
            "witness_1_name": "Budi Saksi",
            "witness_1_contact": "Jl. Merdeka 1",
        },
        files=[("evidence", ("foto.jpg", phone_photo()))],
    )
    assert response.status_code == 202
    data = publisher.published[0].data
    assert data.evidence[0].sha256 in response.text  # the receipt names what was kept
    assert data.reporter.anonymous and len(data.witnesses) == 1
    assert [r.sha256 for r in data.evidence] == list(evidence.files)


def test_the_form_shows_a_refused_file_beside_the_file_input(
    client: TestClient, publisher: FakeReportPublisher, evidence: FakeEvidenceStore
) -> None:
    response = client.post(
        "/lapor?lang=en",
        data={"text": REPORT["text"]},
        files=[("evidence", ("foto.jpg", EXE_BYTES))],
    )
    assert response.status_code == 422
    assert '<p class="field-error" id="evidence-error">The file foto.jpg is not a photo' in (
        response.text
    )
    assert 'aria-describedby="evidence-hint evidence-error" aria-invalid="true"' in response.text
    assert nothing_kept(publisher, evidence)


def test_a_witness_contact_without_a_name_is_named_beside_the_field(client: TestClient) -> None:
    response = client.post(
        "/lapor", data={"text": REPORT["text"], "witness_2_contact": "+628111"}, files=[]
    )
    assert response.status_code == 422
    assert 'id="witness_2_name-error"' in response.text


def test_a_plain_form_field_not_in_utf8_is_named(
    client: TestClient, publisher: FakeReportPublisher
) -> None:
    response = client.post(
        "/lapor?lang=en",
        content=b"text=Camat+Sukarame+hadir+di+kampanye+%E9+paslon",  # %E9: Latin-1, not UTF-8
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 422
    assert '<p class="field-error" id="text-error">not valid UTF-8 text</p>' in response.text
    assert publisher.published == []
