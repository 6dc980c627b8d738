"""Evidence on a case: listed on the case, downloaded only by who may see the case, every
download on the access log first (a failed log write hands out nothing)."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from schemas.reports import EvidenceRef, SealedWitness, witness_seal_context
from schemas.triage import Category
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.service_layer.evidence import download_evidence
from services.cases.service_layer.filing_plan import Trace, TriagedItem
from tests.evidence_samples import PDF_BYTES
from tests.fakes.cases.access_log import InMemoryAccessLog
from tests.fakes.intake import FakeEvidenceStore
from tests.service.cases.staff_support import OFFSETS, StaffWorld, token, triaged
from tests.service.cases.staff_support import fake_staff_world as world_of
from tests.unit.cases.packaged_rules import packaged_policy

SHA = hashlib.sha256(PDF_BYTES).hexdigest()
BAWASLU = token("bawaslu", "18.12", name="Siti")


async def seed_with_evidence(world: StaffWorld, witness: str | None = None) -> str:
    report_id = f"RPT-{uuid.uuid4().hex[:12].upper()}"
    event = triaged(
        world.keyring,
        report_id=report_id,
        region="18.12",
        routes=["BAWASLU:18.12"],
        category=Category.CAMPAIGN_ACTIVITY,
        anonymous=False,
        dedup_key=uuid.uuid4().hex,
    )
    ref = EvidenceRef(
        sha256=SHA, media_type="application/pdf", size=len(PDF_BYTES), filename="surat edaran.pdf"
    )
    witnesses = []
    if witness is not None:
        box = world.keyring.seal({"name": witness}, context=witness_seal_context(report_id, 0))
        witnesses.append(
            SealedWitness(key_id=box.key_id, nonce=box.nonce, ciphertext=box.ciphertext)
        )
    report = event.data.report.model_copy(update={"evidence": [ref], "witnesses": witnesses})
    data = event.data.model_copy(update={"report": report})
    files = world.app.state.evidence_files
    assert isinstance(files, FakeEvidenceStore)
    await files.put(SHA, PDF_BYTES)
    held = await world.filing.file(
        [TriagedItem(event.id, data, 0, Trace(None, None), next(OFFSETS))]
    )
    return held[report_id]


async def test_the_case_lists_the_file_and_the_download_matches_its_hash() -> None:
    world = world_of(packaged_policy())
    case_id = await seed_with_evidence(world)
    async with world.client() as http:
        case = (await http.get(f"/v1/cases/{case_id}", headers=BAWASLU)).json()
        response = await http.get(f"/v1/cases/{case_id}/evidence/{SHA}", headers=BAWASLU)
    assert [e["filename"] for e in case["reports"][0]["evidence"]] == ["surat edaran.pdf"]
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == SHA
    assert response.headers["x-evidence-sha256"] == SHA
    assert (
        response.headers["content-disposition"] == "attachment; filename*=UTF-8''surat%20edaran.pdf"
    )
    assert response.headers["cache-control"] == "no-store"
    [entry] = await world.access_log.entries_for(case_id)
    assert (entry["kind"], entry["sha256"], entry["name"]) == ("evidence", SHA, "Siti")


async def test_a_failed_log_write_hands_out_nothing() -> None:
    world = world_of(packaged_policy())
    case_id = await seed_with_evidence(world)
    assert isinstance(world.access_log, InMemoryAccessLog)
    world.access_log.fail_with = ConnectionError("store down")
    with pytest.raises(ConnectionError):
        await download_evidence(
            store=world.store,
            access_log=world.access_log,
            files=world.app.state.evidence_files,
            clock=world.app.state.clock,
            actor=Actor(name="Siti", role=Role.BAWASLU, region="18.12"),
            subject="dev:bawaslu:Siti",
            case_id=case_id,
            sha256=SHA,
            trace_id=None,
        )
    assert await world.access_log.entries_for(case_id) == []


async def test_ops_and_other_regions_get_no_file_and_nothing_is_logged() -> None:
    world = world_of(packaged_policy())
    case_id = await seed_with_evidence(world)
    async with world.client() as http:
        ops = await http.get(f"/v1/cases/{case_id}/evidence/{SHA}", headers=token("ops", "RI"))
        other = await http.get(
            f"/v1/cases/{case_id}/evidence/{SHA}", headers=token("bawaslu", "31.71")
        )
        ops_case = (await http.get(f"/v1/cases/{case_id}", headers=token("ops", "RI"))).json()
    assert (ops.status_code, other.status_code) == (403, 404)
    assert ops_case["reports"][0]["evidence"] == []
    assert await world.access_log.entries_for(case_id) == []


async def test_a_hash_the_case_does_not_hold_is_404() -> None:
    world = world_of(packaged_policy())
    case_id = await seed_with_evidence(world)
    async with world.client() as http:
        response = await http.get(f"/v1/cases/{case_id}/evidence/{'a' * 64}", headers=BAWASLU)
    assert response.status_code == 404
    assert response.json()["title"] == "Evidence not found"


async def test_witnesses_are_opened_with_the_reporter_on_the_same_record() -> None:
    world = world_of(packaged_policy())
    case_id = await seed_with_evidence(world, witness="Budi Saksi")
    async with world.client() as http:
        case = await http.get(f"/v1/cases/{case_id}", headers=BAWASLU)
        found = await http.get(f"/v1/cases/{case_id}/reporter?reason=klarifikasi", headers=BAWASLU)
    assert "Budi Saksi" not in case.text
    assert found.json()["witnesses"] == [{"name": "Budi Saksi"}]
    [entry] = await world.access_log.entries_for(case_id)
    assert "kind" not in entry  # an identity opening, the witnesses with it
