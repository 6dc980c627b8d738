"""One case in the store through the real filing path: the triaged consumer's use case
applied to a `report.triaged` envelope built from the contract's example (fresh ids each
run). Its `case.opened` goes to Kafka, as the triaged consumer's would: the workspace's
staff view learns of the case from it (services/cases/entrypoints/view_feed.py)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from faststream.kafka import KafkaBroker
from pydantic import BaseModel

from schemas.envelope import Envelope
from schemas.ids import new_tracking_code
from schemas.reports import EvidenceRef
from schemas.triage import ReportTriaged
from services.cases.adapters.mongo_filing_log import MongoFilingLog
from services.cases.service_layer.filing_plan import Trace, TriagedItem
from services.common.clock import SystemClock
from services.common.mongo import database, make_client
from services.common.publishing import KafkaEventPublisher
from tests.infra import SessionInfra
from tests.service.cases.staff_support import OFFSETS, triaged_filing
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "schemas/examples/report.triaged.json"


def triaged_envelope(
    category: str | None = None,
    evidence: Sequence[EvidenceRef] = (),
    *,
    dedup_key: str | None = None,
    routes: Sequence[str] = (),
) -> Envelope[BaseModel]:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    if category is not None:
        raw["data"]["decision"]["category"] = category
        raw["data"]["decision"]["categories"] = [category]
    unique = uuid.uuid4().hex.upper()
    raw["id"] = str(uuid.uuid4())
    raw["subject"] = raw["data"]["report"]["report_id"] = f"RPT-{unique}"
    raw["data"]["report"]["tracking_code"] = new_tracking_code()
    raw["data"]["decision"]["dedup_key"] = dedup_key or f"dk-browser-{unique.lower()}"
    if routes:
        raw["data"]["decision"]["routes"] = list(routes)
    raw["data"]["report"]["evidence"] = [ref.model_dump(mode="json") for ref in evidence]
    data = ReportTriaged.model_validate(raw.pop("data"))
    return Envelope[BaseModel](**raw, data=data)


async def _seed(infra: SessionInfra, envelopes: Sequence[Envelope[BaseModel]]) -> list[str]:
    """Files the reports in one batch, in order (a later one of a dedup key joins the case
    the first opened); the case that holds each."""
    client = make_client(infra.mongodb_url, write_concern="auto")
    broker = KafkaBroker(infra.kafka_bootstrap)
    await broker.start()
    try:
        log = MongoFilingLog(database(client, infra.mongodb_database))
        filing = triaged_filing(
            log, KafkaEventPublisher(broker), policy=packaged_policy(), clock=SystemClock()
        )
        items = []
        for envelope in envelopes:
            assert isinstance(envelope.data, ReportTriaged)
            trace = Trace(None, None)
            items.append(TriagedItem(envelope.id, envelope.data, 0, trace, next(OFFSETS)))
        held = await filing.file(items)
        return [held[item.triaged.report.report_id] for item in items]
    finally:
        await broker.stop()
        await client.close()


def seed_case(
    infra: SessionInfra, category: str | None = None, evidence: Sequence[EvidenceRef] = ()
) -> str:
    """The id of a new case in `received`, routed to BAWASLU:18.01."""
    return seed_reports(infra, triaged_envelope(category, evidence))[0][0]


def seed_reports(infra: SessionInfra, *envelopes: Envelope[BaseModel]) -> list[tuple[str, str]]:
    """Files the triaged reports: per report, (the case that holds it, its tracking code).

    Runs on its own thread: Playwright's sync API keeps an event loop on the main one.
    """
    codes = [e.data.report.tracking_code for e in envelopes if isinstance(e.data, ReportTriaged)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        cases = pool.submit(asyncio.run, _seed(infra, envelopes)).result()
    return list(zip(cases, codes, strict=True))


def seed_envelope(infra: SessionInfra, envelope: Envelope[BaseModel]) -> str:
    """`seed_case` for an envelope the test built itself (a really sealed reporter, say)."""
    return seed_reports(infra, envelope)[0][0]
