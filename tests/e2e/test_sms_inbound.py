"""An SMS through the gateway simulator becomes a case; the reply reaches the simulator."""

from __future__ import annotations

from typing import Any

import httpx
from pymongo import AsyncMongoClient

from tests.channel_sinks import RunningGateway
from tests.e2e.helpers import status_when, wait_for
from tests.infra import SessionInfra

CITIZEN = "+6281911100099"
PARTS = (
    "lapor, kades dsa kami di kab lombok timur bagi2 amplop isi 100rb ke warga td malam,",
    "katanya titipan dr paslon no 2. mohon ditindak",
)


def simulator_sends(gateway: RunningGateway) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = httpx.get(f"{gateway.base_url}/_sim/messages", timeout=10).json()
    return [m for m in sent if m["to"] == CITIZEN]


def play_citizen(gateway: RunningGateway, text: str) -> None:
    order = {"channel": "sms", "from": CITIZEN, "text": text}
    answer = httpx.post(f"{gateway.base_url}/_sim/inbound", json=order, timeout=15).json()
    assert answer["answer"] == 202, answer


async def stored_report(infra: SessionInfra, tracking_code: str) -> dict[str, Any]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb_url)
    try:
        found = await client[infra.mongodb_database]["reports"].find_one(
            {"tracking_code": tracking_code}
        )
    finally:
        await client.close()
    assert found is not None
    return found


async def test_a_two_part_sms_becomes_one_routed_case_and_the_citizen_gets_its_code(
    services: dict[str, str], gateway: RunningGateway, infra: SessionInfra
) -> None:
    for text in PARTS:
        play_citizen(gateway, text)
    [reply] = wait_for(
        lambda: [m for m in simulator_sends(gateway) if m["reference"].startswith("RPL-")],
        what="the reply with the tracking code",
    )
    code = reply["text"].split("kode ")[1].split(".")[0]
    assert reply["channel"] == "sms" and reply["encoding"] == "GSM-7"

    status = status_when(
        services["cases"], code, lambda s: s.get("case_id") is not None, "the case to open"
    )
    assert status["category"] == "MONEY_POLITICS"
    assert status["routes"] == ["BAWASLU:52.03", "GAKKUMDU:52.03", "PEMDA:52.03"]
    assert CITIZEN.lstrip("+") not in str(status)
    report = await stored_report(infra, code)
    assert report["content"]["channel"] == "sms"
    assert report["content"]["text"] == "\n".join(PARTS)  # two messages, one report
    assert CITIZEN.lstrip("+") not in str(report)  # the number only sealed

    play_citizen(gateway, f"CEK {code}")
    [answer] = wait_for(
        lambda: [m for m in simulator_sends(gateway) if m["reference"].startswith("CEK-")],
        what="the answer to CEK",
    )
    assert code in answer["text"] and "Politik uang" in answer["text"]
