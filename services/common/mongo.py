"""MongoDB wire-protocol client (PyMongo async API), instrumented for tracing."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

_instrumented = False

Document = dict[str, Any]
DUPLICATE_KEY = 11000


# `auto`: majority (with retryable writes) when the URL names a replica set, else the
# server's default; `majority` always; `acknowledged` (w=1) always. A `w=` in the URL wins.
WriteConcernSetting = Literal["auto", "majority", "acknowledged"]


def names_replica_set(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "mongodb+srv" or "replicaSet" in parse_qs(parts.query)


def client_options(url: str, write_concern: WriteConcernSetting) -> dict[str, Any]:
    """What `make_client` passes beside the URL (TLS and credentials stay in the URL:
    tls=true, tlsCAFile=..., user:password@host, authSource=...)."""
    options: dict[str, Any] = {"tz_aware": True, "serverSelectionTimeoutMS": 10_000}
    if "w" in parse_qs(urlsplit(url).query):
        return options
    majority = write_concern == "majority" or (write_concern == "auto" and names_replica_set(url))
    if majority:
        # A write a replica set's majority holds survives the primary's loss; a write the
        # failover interrupted is retried once on the new primary (inserts stay idempotent:
        # a retried insert_many of the hot path meets its own _id as a duplicate).
        options.update(w="majority", retryWrites=True)
    elif write_concern == "acknowledged":
        options["w"] = 1
    return options


def make_client(url: str, *, write_concern: WriteConcernSetting) -> AsyncMongoClient[Document]:
    global _instrumented
    if not _instrumented:
        PymongoInstrumentor().instrument()
        _instrumented = True
    return AsyncMongoClient(url, **client_options(url, write_concern))


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


# An index's keys, as `create_index` takes them: [(field, ASCENDING | DESCENDING), ...].
IndexKeys = Sequence[tuple[str, int]]


async def reads_use_indexes(db: AsyncDatabase[Document]) -> bool:
    """False on FerretDB 1.x. Its filters reach the backend as containment tests on the
    document (PostgreSQL: `_jsonb->'field' @> value`) while the indexes it builds are
    b-trees on `_jsonb->'field'`, which no such test uses: a lookup index there is never
    read and costs every insert (docs/decisions.md, "Lookup indexes only where reads use
    them"). MongoDB, FerretDB 2.x and mongo-java-server read through their indexes."""
    info = await db.command("buildInfo")
    version = info.get("ferretdbVersion")
    return not (isinstance(version, str) and version.removeprefix("v").startswith("1."))


async def ensure_lookup_indexes(
    db: AsyncDatabase[Document], indexes: Sequence[tuple[str, IndexKeys]]
) -> None:
    """Non-unique `(collection, keys)` indexes that exist only to speed reads: created
    where the server's reads use indexes, dropped where an earlier version made them and
    they are not (`reads_use_indexes`). Unique indexes are constraints, not lookups: keep
    them out of this."""
    if await reads_use_indexes(db):
        for collection, keys in indexes:
            await db[collection].create_index(list(keys))
        return
    present: dict[str, set[str]] = {}  # each collection's index names, listed once
    for collection, keys in indexes:
        if collection not in present:
            listed = await db[collection].list_indexes()
            present[collection] = {index["name"] async for index in listed}
        name = index_name(keys)
        if name in present[collection]:
            await db[collection].drop_index(name)


def index_name(keys: IndexKeys) -> str:
    """The name `create_index` gives an index of these keys (PyMongo's rule)."""
    return str(IndexModel(list(keys)).document["name"])
