"""The reporter access log: one document per opening of a sealed identity (`AccessLog`)."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.cases.service_layer.ports import Document

REPORTER_ACCESS_LOG = "reporter_access_log"


class MongoAccessLog:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.entries = db[REPORTER_ACCESS_LOG]

    async def ensure_indexes(self) -> None:
        await self.entries.create_index([("case_id", ASCENDING), ("at", ASCENDING)])

    async def record(self, entry: Document) -> None:
        await self.entries.insert_one(dict(entry))

    async def entries_for(self, case_id: str) -> list[Document]:
        cursor = self.entries.find({"case_id": case_id}).sort("at", ASCENDING)
        return [document async for document in cursor]
