"""The staff app on a fresh FerretDB database: the same `StaffWorld` as the service tests'."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from services.cases.adapters.mongo_access_log import MongoAccessLog
from services.cases.adapters.mongo_case_reads import MongoCaseReads
from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.cases.adapters.mongo_filing_log import MongoFilingLog
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.read_models.staff_view import StaffView
from services.common.clock import SystemClock
from services.common.crypto import new_key_spec, parse_keyring
from services.common.mongo import make_client
from tests.infra import SessionInfra
from tests.service.cases.staff_support import (
    FeedingPublisher,
    StaffWorld,
    build_staff_app,
    triaged_filing,
)
from tests.unit.cases.packaged_rules import packaged_policy


def mongo_store_of(world: StaffWorld) -> MongoCaseStore:
    assert isinstance(world.store, MongoCaseStore)
    return world.store


@asynccontextmanager
async def staff_world(infra: SessionInfra) -> AsyncIterator[StaffWorld]:
    client = make_client(infra.mongodb_url, write_concern="auto")
    db = client[f"staff_{uuid.uuid4().hex[:8]}"]
    clock = SystemClock()
    store, access_log = MongoCaseStore(db, clock=clock), MongoAccessLog(db)
    await store.ensure_indexes()
    await access_log.ensure_indexes()
    keyring = parse_keyring(new_key_spec("test1"))
    policy: DeadlinePolicy = packaged_policy()
    view = StaffView()
    view.finish_loading()  # a fresh database: nothing to load
    published = FeedingPublisher(view)
    filing = triaged_filing(MongoFilingLog(db), published, policy=policy, clock=clock)
    store.case_closed = filing.case_closed
    app = build_staff_app(
        store=store,
        reads=MongoCaseReads(db),
        access_log=access_log,
        keyring=keyring,
        policy=policy,
        clock=clock,
        view=view,
    )

    async def read_document(case_id: str) -> dict[str, Any] | None:
        return await store.cases.find_one({"_id": case_id})

    try:
        yield StaffWorld(app, store, access_log, keyring, filing, read_document, published, view)
    finally:
        await client.drop_database(db.name)
        await client.close()
