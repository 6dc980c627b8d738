"""Every published case event carries what notify needs, so notify never reads the store.

One case walked through the lifecycle on the in-memory store: each step's outbox entry is
its own event type with routes, region, status, dispositions, the assignee, a forward's
packet, and the reporters who asked for updates (contact sealed, language recorded).
"""

from __future__ import annotations

from typing import Any

import pytest

from schemas.codec import decode, encode
from schemas.envelope import Envelope
from schemas.triage import Category
from services.common.crypto import Sealed
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")
ADMIN = token("admin", name="Admin Netra")


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


def data_of(document: dict[str, Any], event_type: str) -> dict[str, Any]:
    """The one outbox entry of this type, as a consumer decodes it."""
    [entry] = [e for e in document["outbox"] if e["type"] == event_type]
    envelope: Envelope[Any] = decode(encode(Envelope[Any].model_validate(entry["envelope"])))
    return envelope.data.model_dump(mode="json")  # type: ignore[no-any-return]


async def step(world: StaffWorld, case_id: str, headers: dict[str, str], **body: object) -> int:
    version = (await world.document(case_id))["version"]
    response = await world.transition(case_id, version, headers=headers, **body)
    assert response.status_code == 200, response.text
    return int(response.json()["version"])


async def test_the_opening_report_s_reporter_travels_sealed_with_case_opened(
    world: StaffWorld,
) -> None:
    _, report_id = await world.seed()
    [opened] = [o.envelope for o in world.published.published if o.envelope.type == "case.opened"]
    [reporter] = opened.data.reporters
    assert (reporter.report_id, reporter.language) == (report_id, "id")
    contact = reporter.contact
    assert contact.key_id and contact.nonce and contact.ciphertext
    sealed = Sealed(contact.key_id, contact.nonce, contact.ciphertext)
    assert world.keyring.open(sealed, context=report_id)["phone"] == "+6281234567890"
    assert "+6281234567890" not in opened.model_dump_json()


async def test_each_lifecycle_step_is_its_own_event_with_what_notify_needs(
    world: StaffWorld,
) -> None:
    case_id, report_id = await world.seed(routes=["BAWASLU:18.12", "KEMENDAGRI"])
    await step(world, case_id, BAWASLU, command="start_review")
    await step(world, case_id, BAWASLU, command="register", reason="lengkap")
    registered = data_of(await world.document(case_id), "case.registered")
    assert registered["registration"] == "report" and registered["unit"] == "BAWASLU:18.12"
    assert registered["routes"] == ["BAWASLU:18.12", "KEMENDAGRI"]
    assert [r["report_id"] for r in registered["reporters"]] == [report_id]

    await step(world, case_id, BAWASLU, command="start_clarification")
    await step(
        world,
        case_id,
        BAWASLU,
        command="decide_plenary",
        outcomes=["neutrality"],
        reason="terbukti",
    )
    await step(world, case_id, BAWASLU, command="forward_to_bkn")
    forwarded = data_of(await world.document(case_id), "case.forwarded")
    assert (forwarded["track"], forwarded["recipient"], forwarded["region_code"]) == (
        "neutrality",
        "BKN",
        "18.12",
    )
    packet = forwarded["packet"]
    assert packet["plenary_reason"] == "terbukti" and packet["outcomes"] == ["neutrality"]
    assert packet["summary"] and "reporter" not in packet
    assert forwarded["dispositions"] == [
        {"kind": "neutrality", "status": "forwarded", "recipient": "BKN"}
    ]

    version = (await world.document(case_id))["version"]
    async with world.client() as http:
        response = await http.post(
            f"/v1/cases/{case_id}/assign",
            json={"assignee": "staf.tubaba.01", "expected_version": version},
            headers=BAWASLU,
        )
    assert response.status_code == 200, response.text
    assigned = data_of(await world.document(case_id), "case.assigned")
    assert (assigned["assignee"], assigned["previous_assignee"]) == ("staf.tubaba.01", None)
    assert assigned["reporters"] == []  # an internal event: nobody outside hears of it

    await step(world, case_id, ADMIN, command="start_bkn_verification")
    await step(
        world,
        case_id,
        ADMIN,
        command="record_bkn_recommendation",
        sanction_level="light",
        ppk_agency="Pemkab Tulang Bawang Barat",
    )
    await step(world, case_id, ADMIN, command="escalate", reason="PPK tidak bertindak")
    escalated = data_of(await world.document(case_id), "case.escalated")
    assert escalated["ppk_agency"] == "Pemkab Tulang Bawang Barat"
    assert escalated["assignee"] == "staf.tubaba.01"

    await step(world, case_id, ADMIN, command="record_sanction", sanction_level="light")
    await step(world, case_id, ADMIN, command="close")
    document = await world.document(case_id)
    closed = data_of(document, "case.closed")
    assert (closed["status"], closed["sanction"], closed["outcomes"]) == (
        "closed",
        "light",
        ["neutrality"],
    )
    assert [r["report_id"] for r in closed["reporters"]] == [report_id]
    status_changes = [e for e in document["outbox"] if e["type"] == "case.status_changed"]
    assert all(e["envelope"]["data"]["action"] for e in status_changes)


async def test_a_split_publishes_the_unlink_on_the_source_case(world: StaffWorld) -> None:
    case_id, _ = await world.seed(dedup_key="viral-1")
    _, duplicate = await world.seed(dedup_key="viral-1")
    linked = [
        o.envelope.data
        for o in world.published.published
        if o.envelope.type == "case.report_linked"
    ]
    assert [r.report_id for r in linked[0].reporters] == [duplicate]  # only the joining one
    async with world.client() as http:
        response = await http.delete(
            f"/v1/cases/{case_id}/links/{duplicate}",
            params={"reason": "kejadian berbeda"},
            headers=BAWASLU,
        )
    assert response.status_code == 200, response.text
    unlinked = data_of(await world.document(case_id), "case.report_unlinked")
    assert unlinked["report_id"] == duplicate and unlinked["reason"] == "kejadian berbeda"
    assert unlinked["reporters"] and duplicate not in {
        r["report_id"] for r in unlinked["reporters"]
    }


async def test_a_triage_correction_is_published_with_before_and_the_new_routes(
    world: StaffWorld,
) -> None:
    case_id, _ = await world.seed(category=Category.CAMPAIGN_ACTIVITY)
    await step(
        world,
        case_id,
        BAWASLU,
        command="correct_triage",
        category="MONEY_POLITICS",
        reason="pembagian uang, bukan sekadar ikut kampanye",
    )
    corrected = data_of(await world.document(case_id), "case.triage_corrected")
    assert corrected["category"] == "MONEY_POLITICS"
    assert corrected["before"]["category"] == "CAMPAIGN_ACTIVITY"
    assert "GAKKUMDU:18.12" in corrected["routes"]  # the newly routed authority is told
    assert "GAKKUMDU:18.12" not in corrected["before"]["routes"]
    assert corrected["reason"] == "pembagian uang, bukan sekadar ikut kampanye"
