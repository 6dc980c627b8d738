"""What the contract suites share: the fake/real parameter and scratch space on real infra.

A suite's adapter fixture depends on `adapter_kind` ("fake" or "real") and `real_infra`
(the session infrastructure for "real", None for "fake"). The "real" parameter carries
the `integration` marker, so it starts the session infrastructure (tests/conftest.py)
and `pytest tests/contracts -m "not integration"` runs the fakes alone.

Async fixtures must not call `request.getfixturevalue` on async fixtures (the event loop
is already running), hence `scratch_database` and `scratch_topic` are plain helpers.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.common.kafka_connection import plaintext
from services.common.mongo import Document, database, make_client
from services.common.topic_layout import SINGLE_BROKER
from services.common.topics_admin import ensure_topics
from tests.infra import SessionInfra

ADAPTERS = [
    pytest.param("fake", id="fake"),
    pytest.param("real", id="real", marks=pytest.mark.integration),
]


@pytest.fixture(params=ADAPTERS)
def adapter_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def real_infra(adapter_kind: str, request: pytest.FixtureRequest) -> SessionInfra | None:
    if adapter_kind != "real":
        return None
    infra: SessionInfra = request.getfixturevalue("infra")
    return infra


@contextlib.asynccontextmanager
async def scratch_database(infra: SessionInfra) -> AsyncIterator[AsyncDatabase[Document]]:
    """A database of its own on the real Mongo-wire server, dropped afterwards."""
    client = make_client(infra.mongodb_url, write_concern="auto")
    name = f"contract_{uuid.uuid4().hex[:10]}"
    try:
        yield database(client, name)
    finally:
        await client.drop_database(name)
        await client.close()


@dataclass(frozen=True)
class OnePartition:
    name: str
    partitions: int = 1
    retention_ms: int | None = 3_600_000
    cleanup_policy: str = "delete"


async def scratch_topic(infra: SessionInfra) -> str:
    """A topic of its own (one partition, so reading it back keeps publish order)."""
    name = f"test.contract.{uuid.uuid4().hex[:10]}"
    await ensure_topics(
        plaintext(infra.kafka_bootstrap), [OnePartition(name)], layout=SINGLE_BROKER
    )
    return name
