"""The hotline desk and WhatsApp photos end to end (issue 12), on the e2e services.

- An operator files a call at the desk (cases' `POST /v1/desk/reports`, its staff token):
  intake takes it as channel hotline, triage routes it, cases opens the case with the
  operator on its timeline; the operator reads that case and no other; without consent
  nothing is filed (problem+json).
- A WhatsApp message with a photo and an .exe sent as a photo, played by the gateway
  simulator: the photo is fetched, stored (its hash on the report), the .exe named as not
  kept, and the reply with the tracking code reaches the simulator.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any

import httpx

from tests.channel_sinks import RunningGateway
from tests.e2e.helpers import status_when, wait_for
from tests.e2e.lifecycle_support import staff_headers
from tests.e2e.test_sms_inbound import stored_report
from tests.evidence_samples import EXE_BYTES, phone_photo
from tests.infra import SessionInfra

CALL = {
    # Not another test's incident (a duplicate would join that case).
    "text": (
        "Penelepon melaporkan Kepala Dinas Pendidikan Kabupaten Lampung Selatan memakai "
        "mobil dinas untuk kampanye paslon nomor 3 di Kalianda kemarin sore."
    ),
    "location_text": "Kalianda, Lampung Selatan",
    "reporter": {"name": "Penelepon Hotline", "phone": "+6281911100077", "confidential": True},
}
WA_CITIZEN = "+6281911100088"
WA_TEXT = (
    "lapor, kades di desa kami kab pringsewu bagi2 sembako berstiker paslon 1 ke warga td pagi"
)


def test_a_call_at_the_desk_becomes_a_hotline_case_with_its_operator(
    services: dict[str, str], infra: SessionInfra
) -> None:
    operator = staff_headers(infra.env, "operator", None, "Rina Operator E2E")
    desk = f"{services['cases']}/v1/desk/reports"
    refused = httpx.post(desk, json={"report": CALL}, headers=operator, timeout=30)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "consent"

    filed = httpx.post(desk, json={"report": CALL, "consent": True}, headers=operator, timeout=30)
    assert filed.status_code == 202, filed.text
    receipt = filed.json()
    code = receipt["tracking_code"]
    assert code in receipt["read_back"]["id"] and code in receipt["read_back"]["en"]

    status = status_when(
        services["cases"], code, lambda s: s.get("case_id") is not None, "the hotline case"
    )
    assert "BAWASLU:18.01" in status["routes"], status
    case = httpx.get(
        f"{services['cases']}/v1/cases/{status['case_id']}", headers=operator, timeout=15
    )
    assert case.status_code == 200, case.text
    filed_entry = case.json()["timeline"][0]
    assert (filed_entry["action"], filed_entry["actor"], filed_entry["role"]) == (
        "filed_via_hotline",
        "Rina Operator E2E",
        "operator",
    )
    report = asyncio.run(stored_report(infra, code))
    assert report["content"]["channel"] == "hotline"
    assert report["filed_by"]["operator_name"] == "Rina Operator E2E"
    assert report["filed_by"]["caller_consented"] is True
    assert report["reporter"]["confidential"] is True
    assert "Penelepon Hotline" not in str(report) and "1100077" not in str(report)  # sealed
    colleague = staff_headers(infra.env, "operator", None, "Another Operator E2E")
    hidden = httpx.get(
        f"{services['cases']}/v1/cases/{status['case_id']}", headers=colleague, timeout=15
    )
    assert hidden.status_code == 404


async def test_a_whatsapp_photo_becomes_evidence_and_the_citizen_gets_the_code(
    services: dict[str, str], gateway: RunningGateway, infra: SessionInfra
) -> None:
    photo = phone_photo(width=80, height=60)
    media = [put_media(gateway, "wa-photo.jpg", photo), put_media(gateway, "wa-exe.jpg", EXE_BYTES)]
    order = {"channel": "whatsapp", "from": WA_CITIZEN, "text": WA_TEXT, "media": media}
    play(gateway, order)

    [reply] = wait_for(lambda: replies_to(gateway, WA_CITIZEN), what="the WhatsApp reply")
    code = reply["text"].split("kode ")[1].split(".")[0]
    assert reply["channel"] == "whatsapp" and "1 lampiran tidak dapat disimpan" in reply["text"]
    status_when(services["cases"], code, lambda s: s.get("case_id") is not None, "the WA case")
    report = await stored_report(infra, code)
    assert report["content"]["channel"] == "whatsapp"
    [ref] = report["evidence"]
    stored = evidence_bytes(infra, ref["sha256"])
    assert hashlib.sha256(stored).hexdigest() == ref["sha256"]
    assert "2: its content is not an image" in report["content"]["evidence_text"]


def play(gateway: RunningGateway, order: dict[str, Any]) -> None:
    answer = httpx.post(f"{gateway.base_url}/_sim/inbound", json=order, timeout=15).json()
    assert answer["answer"] == 202, answer


def put_media(gateway: RunningGateway, name: str, data: bytes) -> dict[str, Any]:
    put = httpx.put(
        f"{gateway.base_url}/_sim/media/{name}",
        content=data,
        headers={"Content-Type": "image/jpeg"},
        timeout=15,
    )
    assert put.status_code == 201, put.text
    return {"url": put.json()["url"], "content_type": "image/jpeg", "size": len(data)}


def replies_to(gateway: RunningGateway, number: str) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = httpx.get(f"{gateway.base_url}/_sim/messages", timeout=10).json()
    return [m for m in sent if m["to"] == number and m["reference"].startswith("RPL-")]


def evidence_bytes(infra: SessionInfra, sha256: str) -> bytes:
    [found] = [p for p in Path(infra.env["EVIDENCE_DIR"]).rglob(sha256) if p.is_file()]
    return found.read_bytes()
