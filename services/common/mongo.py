"""MongoDB wire-protocol client (PyMongo async API), instrumented for tracing."""

from __future__ import annotations

from typing import Any

from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

_instrumented = False

Document = dict[str, Any]


def make_client(url: str) -> AsyncMongoClient[Document]:
    global _instrumented
    if not _instrumented:
        PymongoInstrumentor().instrument()
        _instrumented = True
    return AsyncMongoClient(url, tz_aware=True, serverSelectionTimeoutMS=10_000)


def database(client: AsyncMongoClient[Document], name: str) -> AsyncDatabase[Document]:
    return client[name]
