"""The Mongo case store where only the real server can tell: its indexes, and a redelivered
report against a real duplicate-key refusal. The port's behaviour is the contract suite's
(tests/contracts/cases/), the use cases' is tests/service/cases/."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pymongo.errors import DuplicateKeyError

from schemas.codec import decode
from schemas.envelope import Envelope
from schemas.triage import ReportTriaged
from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.cases.domain.vocabulary import ElectionType
from services.cases.entrypoints.consumer import CaseIntake
from services.common.clock import SystemClock
from services.common.mongo import make_client
from tests.infra import SessionInfra
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLE = Path(__file__).parents[2] / "schemas" / "examples" / "report.triaged.json"


@pytest.fixture
async def store(infra: SessionInfra) -> AsyncIterator[MongoCaseStore]:
    client = make_client(infra.mongodb_url)
    db = client[f"repo_{uuid.uuid4().hex[:8]}"]
    adapter = MongoCaseStore(db, clock=SystemClock())
    await adapter.ensure_indexes()
    yield adapter
    await client.drop_database(db.name)
    await client.close()


def triaged_event(report_id: str, tracking_code: str) -> Envelope[ReportTriaged]:
    envelope = decode(EXAMPLE.read_bytes())
    payload = envelope.data
    assert isinstance(payload, ReportTriaged)
    report = payload.report.model_copy(
        update={"report_id": report_id, "tracking_code": tracking_code}
    )
    data = ReportTriaged(report=report, decision=payload.decision)
    return Envelope[ReportTriaged](**envelope.model_dump(exclude={"id", "data"}), data=data)


async def test_redelivered_triaged_event_opens_one_case(store: MongoCaseStore) -> None:
    intake = CaseIntake(
        store=store,
        policy=packaged_policy(),
        clock=SystemClock(),
        default_election=ElectionType.PILKADA,
    )
    event = triaged_event("RPT-A", "NTR-AAAA-AAAA-AAAA-AAAA")
    await intake.on_triaged(event)  # type: ignore[arg-type]
    await intake.on_triaged(event)  # type: ignore[arg-type]
    cases = [c async for c in store.cases.find({})]
    assert len(cases) == 1 and cases[0]["report_ids"] == ["RPT-A"]
    assert [e["type"] for e in cases[0]["outbox"]] == ["case.opened"]


async def test_tracking_codes_are_unique(store: MongoCaseStore) -> None:
    await store.reports.insert_one({"_id": "R1", "tracking_code": "NTR-X"})
    with pytest.raises(DuplicateKeyError):
        await store.reports.insert_one({"_id": "R2", "tracking_code": "NTR-X"})
