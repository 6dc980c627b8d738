"""Evidence end to end: a report with a photo and a PDF becomes a case whose page lists
both files and hands them out with matching SHA-256 (the photo without its GPS); bad
uploads are refused by name and leave nothing in the evidence store."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from services.cases.adapters.staff_tokens import issue_token
from services.cases.domain.vocabulary import Role
from services.intake.domain.image_scrub import GPS_IFD
from tests.e2e.helpers import status_when
from tests.evidence_samples import EXE_BYTES, PDF_BYTES, exif_of, phone_photo
from tests.infra import SessionInfra

REPORT = {
    "channel": "api",
    # Not the incident of test_pipeline.py (a duplicate would join that test's case).
    "text": (
        "Camat Sukarame di Kota Bandar Lampung memakai kaos paslon nomor 1 dan berpidato di "
        "panggung kampanye di lapangan Saburai. Foto dan surat undangan terlampir."
    ),
    "witnesses": [{"name": "Saksi Satu", "contact": "+6281911100011"}],
    "reporter": {"name": "Lalu Pelapor", "confidential": True},
}


def staff_headers(infra: SessionInfra, routes: list[str]) -> dict[str, str]:
    """A Bawaslu officer of the region the case was routed to."""
    region = next(r.split(":", 1)[1] for r in routes if r.startswith("BAWASLU:"))
    key = Path(infra.env["STAFF_JWT_DEV_KEY_FILE"]).read_text().strip()
    signed = issue_token(
        shared_key=key,
        issuer="netra-dev",
        role=Role.BAWASLU,
        name="Petugas E2E",
        region=region,
        now=datetime.now(UTC),
        ttl=timedelta(minutes=10),
    )
    return {"Authorization": f"Bearer {signed}"}


def stored_files(infra: SessionInfra) -> set[Path]:
    root = Path(infra.env["EVIDENCE_DIR"])
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def post(intake: str, files: list[tuple[str, bytes]]) -> httpx.Response:
    parts = [("report", (None, json.dumps(REPORT).encode(), "application/json"))]
    return httpx.post(
        f"{intake}/v1/reports",
        files=parts + [("evidence", (name, data)) for name, data in files],
        timeout=30,
    )


def test_a_report_with_files_becomes_a_case_that_hands_them_out_by_hash(
    services: dict[str, str], infra: SessionInfra
) -> None:
    photo = phone_photo()
    answer = post(services["intake"], [("foto.jpg", photo), ("surat.pdf", PDF_BYTES)])
    assert answer.status_code == 202, answer.text
    status = status_when(
        services["cases"],
        answer.json()["tracking_code"],
        lambda s: s.get("case_id") is not None,
        "the case to be opened",
    )
    headers, cases = staff_headers(infra, status["routes"]), services["cases"]
    case = httpx.get(f"{cases}/v1/cases/{status['case_id']}", headers=headers, timeout=10)
    assert case.status_code == 200, case.text
    listed = case.json()["reports"][0]["evidence"]
    assert [(e["filename"], e["media_type"]) for e in listed] == [
        ("foto.jpg", "image/jpeg"),
        ("surat.pdf", "application/pdf"),
    ]
    for entry in listed:
        url = f"{cases}/v1/cases/{status['case_id']}/evidence/{entry['sha256']}"
        download = httpx.get(url, headers=headers, timeout=10)
        assert download.status_code == 200
        assert hashlib.sha256(download.content).hexdigest() == entry["sha256"]
    photo_ref = listed[0]
    kept = httpx.get(
        f"{cases}/v1/cases/{status['case_id']}/evidence/{photo_ref['sha256']}",
        headers=headers,
        timeout=10,
    ).content
    assert not exif_of(kept).get_ifd(GPS_IFD)
    assert "Saksi Satu" not in case.text and "Lalu Pelapor" not in case.text


def test_oversized_too_many_and_disguised_files_are_refused_and_nothing_is_stored(
    services: dict[str, str], infra: SessionInfra
) -> None:
    before = stored_files(infra)
    oversized = PDF_BYTES + b"0" * (10 * 1024 * 1024)  # the default limit is 10 MiB
    cases = [
        ([("besar.pdf", oversized)], 413, "besar.pdf"),
        ([(f"{n}.pdf", PDF_BYTES + bytes([n])) for n in range(6)], 422, "at most 5"),
        ([("foto.jpg", phone_photo()), ("bukti.jpg", EXE_BYTES)], 422, "bukti.jpg"),
    ]
    for files, status, named in cases:
        answer = post(services["intake"], files)
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert named in answer.json()["detail"]
    assert stored_files(infra) == before
