"""The reporter access log: one document per opening of a sealed identity (`AccessLog`),
and its pages for supervisors (`AccessLogReads`)."""

from __future__ import annotations

import re
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.cases.read_models.ports import AccessQuery
from services.cases.service_layer.ports import Document
from services.common.mongo import IndexKeys, ensure_lookup_indexes

REPORTER_ACCESS_LOG = "reporter_access_log"
NEWEST_FIRST = [("at", DESCENDING), ("_id", DESCENDING)]


def office_condition(office: str) -> Document:
    """The office and every office below it: "18" holds "18" and "18.12", not "181"."""
    return {"region": {"$regex": f"^{re.escape(office)}(\\.|$)"}}


def access_filter(query: AccessQuery) -> Document:
    conditions: list[Document] = []
    if query.office is not None:
        conditions.append(office_condition(query.office))
    if query.officer is not None:
        conditions.append({"$or": [{"name": query.officer}, {"subject": query.officer}]})
    if query.case_id is not None:
        conditions.append({"case_id": query.case_id})
    period: dict[str, Any] = {}
    if query.since is not None:
        period["$gte"] = query.since
    if query.until is not None:
        period["$lt"] = query.until
    if period:
        conditions.append({"at": period})
    if query.before is not None:
        at, entry_id = query.before
        conditions.append({"$or": [{"at": {"$lt": at}}, {"at": at, "_id": {"$lt": entry_id}}]})
    if not conditions:
        return {}
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


# One per way the supervisors' page narrows the log, each ending in its order.
LOOKUP_INDEXES: tuple[tuple[str, IndexKeys], ...] = (
    (REPORTER_ACCESS_LOG, [("case_id", ASCENDING), ("at", ASCENDING)]),
    (REPORTER_ACCESS_LOG, NEWEST_FIRST),
    (REPORTER_ACCESS_LOG, [("name", ASCENDING), *NEWEST_FIRST]),
    (REPORTER_ACCESS_LOG, [("region", ASCENDING), *NEWEST_FIRST]),
)


class MongoAccessLog:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.entries = db[REPORTER_ACCESS_LOG]

    async def ensure_indexes(self) -> None:
        await ensure_lookup_indexes(self.entries.database, LOOKUP_INDEXES)

    async def record(self, entry: Document) -> None:
        await self.entries.insert_one(dict(entry))

    async def entries_for(self, case_id: str) -> list[Document]:
        cursor = self.entries.find({"case_id": case_id}).sort("at", ASCENDING)
        return [document async for document in cursor]

    async def access_entries(self, query: AccessQuery, limit: int) -> list[Document]:
        cursor = self.entries.find(access_filter(query)).sort(NEWEST_FIRST).limit(limit)
        return await cursor.to_list(None)
