"""A Bawaslu export imported with `netra import`, and an Open311 request: each becomes a
case with its channel, triage and routes, on real Kafka and the real store."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from pymongo import MongoClient

from services.intake.domain.feed_identity import feed_report_id
from tests.e2e.conftest import FEED_SOURCE, FEED_TOKEN
from tests.e2e.helpers import status_when
from tests.exports import form_a1_rows, write_csv
from tests.infra import SessionInfra

# Places no other e2e test uses: cases are deduplicated by incident across the session.
MONEY = (
    "Kepala desa di Kabupaten Sleman membagikan amplop berisi uang 100 ribu kepada "
    "warga tadi malam, katanya titipan dari paslon nomor 2"
)
MONEY_MEDAN = MONEY.replace("Kabupaten Sleman", "Kota Medan")
ROUTES = ["BAWASLU:34.04", "GAKKUMDU:34.04", "PEMDA:34.04"]
ROUTES_MEDAN = ["BAWASLU:12.71", "GAKKUMDU:12.71", "PEMDA:12.71"]


def netra_import(path: Path, intake_url: str, state_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NETRA_FEED_TOKEN": FEED_TOKEN, "INTAKE_URL": intake_url}
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "netra"),
            "import",
            str(path),
            "--source",
            FEED_SOURCE,
            "--state-dir",
            str(state_dir),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def stored(infra: SessionInfra, query: dict[str, Any]) -> list[dict[str, Any]]:
    client: MongoClient[dict[str, Any]] = MongoClient(infra.mongodb_url)
    try:
        return list(client[infra.mongodb_database]["reports"].find(query))
    finally:
        client.close()


def stored_once(infra: SessionInfra, query: dict[str, Any], timeout_s: float = 30.0) -> Any:
    """The one report matching `query`, once cases has stored it (intake's 202 comes
    before cases consumes the report from Kafka)."""
    deadline = time.monotonic() + timeout_s
    while not (found := stored(infra, query)) and time.monotonic() < deadline:
        time.sleep(0.2)
    [report] = found
    return report


def routed(status: dict[str, Any]) -> bool:
    return status.get("case_id") is not None and bool(status.get("routes"))


def test_an_imported_row_becomes_a_routed_case_filed_as_the_feed_and_only_once(
    services: dict[str, str], infra: SessionInfra, tmp_path: Path
) -> None:
    rows = form_a1_rows(3, prefix="E2E-IMPORT")
    rows[0].update(
        uraian_kejadian=MONEY,
        jabatan_terlapor="Kepala Desa",
        instansi_terlapor="Pemerintah Desa Sukamaju",
        tempat_kejadian="Desa Sukamaju, Kabupaten Sleman",
    )
    rows[1]["uraian_kejadian"] = "pendek"  # refused: into the rejects file
    export = write_csv(tmp_path / "form-a1.csv", rows)
    first = netra_import(export, services["intake"], tmp_path / "state")
    assert first.returncode == 3, first.stderr  # done, one row rejected
    assert "filed: 2  rejected: 1" in first.stdout
    [rejects] = (tmp_path / "state").glob("*.rejects.csv")
    assert "3,E2E-IMPORT-000001,uraian_kejadian+ringkasan (text)," in rejects.read_text()

    report_id = feed_report_id(FEED_SOURCE, "E2E-IMPORT-000000")
    report = stored_once(infra, {"_id": report_id})
    content = report["content"]
    assert (content["channel"], content["source"]) == ("bawaslu_feed", FEED_SOURCE)
    status = status_when(services["cases"], report["tracking_code"], routed, "the case routed")
    assert status["category"] == "MONEY_POLITICS" and status["routes"] == ROUTES

    again = netra_import(export, services["intake"], tmp_path / "state")
    assert "resumed after row 3" in again.stdout, again.stderr
    fresh_state = netra_import(export, services["intake"], tmp_path / "other-state")
    assert "filed: 2" in fresh_state.stdout  # sent again without a checkpoint...
    filed = stored(infra, {"content.source_id": {"$regex": "^E2E-IMPORT-"}})
    assert len(filed) == 2  # ...and still the same two reports


def test_an_open311_request_becomes_a_routed_case_followed_by_its_request_id(
    services: dict[str, str], infra: SessionInfra
) -> None:
    intake = services["intake"]
    form = {
        "service_code": "MONEY_POLITICS",
        "address_string": "Kelurahan Sei Sikambing, Kota Medan",
        "description": MONEY_MEDAN,
        "first_name": "Lalu",
    }
    answer = httpx.post(f"{intake}/open311/v2/requests.json", data=form, timeout=15)
    assert answer.status_code == 200, answer.text
    code = answer.json()[0]["service_request_id"]
    status = status_when(services["cases"], code, routed, "the Open311 request routed")
    assert status["category"] == "MONEY_POLITICS" and status["routes"] == ROUTES_MEDAN
    [report] = stored(infra, {"tracking_code": code})
    assert (report["content"]["channel"], report["content"]["source"]) == ("api", "open311")
    [request] = httpx.get(f"{intake}/open311/v2/requests/{code}.json", timeout=15).json()
    assert request["status"] == "open" and request["service_code"] == "MONEY_POLITICS"
    assert request["agency_responsible"] == ", ".join(ROUTES_MEDAN)
