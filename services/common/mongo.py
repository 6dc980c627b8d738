"""MongoDB wire-protocol client (PyMongo async API), instrumented for tracing."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

_instrumented = False

Document = dict[str, Any]
DUPLICATE_KEY = 11000


def make_client(url: str) -> AsyncMongoClient[Document]:
    global _instrumented
    if not _instrumented:
        PymongoInstrumentor().instrument()
        _instrumented = True
    return AsyncMongoClient(url, tz_aware=True, serverSelectionTimeoutMS=10_000)


async def ping(client: AsyncMongoClient[Document], *, timeout_s: float = 2.0) -> bool:
    """The store answers a ping within `timeout_s` (readiness: never waits out server selection)."""
    await asyncio.wait_for(client.admin.command("ping"), timeout_s)
    return True


def database(client: AsyncMongoClient[Document], name: str) -> AsyncDatabase[Document]:
    return client[name]


async def insert_new(
    collection: AsyncCollection[Document], documents: Sequence[Document]
) -> set[int]:
    """Insert all in one unordered batch; the positions of those whose unique key existed.

    The insert-only hot paths rely on it: a duplicate key means "written before" (a
    redelivery), never an error. Any other write error is raised.
    """
    if not documents:
        return set()
    try:
        await collection.insert_many(list(documents), ordered=False)
    except BulkWriteError as exc:
        errors: list[dict[str, Any]] = exc.details.get("writeErrors", [])
        if not errors or any(error.get("code") != DUPLICATE_KEY for error in errors):
            raise
        return {int(error["index"]) for error in errors}
    return set()
