"""Due deadlines and per-case leases on FerretDB (`DeadlineWatch`).

No TTL indexes or change streams (FerretDB 1.x has neither): an indexed range query on
`deadline_at` finds candidates, and each is claimed with a lease document in
`deadline_claims` (`_id` = case id, `until`), so only one replica works a case at a time.
The claim is an insert, not `findOneAndUpdate`: FerretDB 1.24 does not apply conditional
updates atomically (adapters/write_slots.py), while a duplicate `_id` is refused
atomically. An expired lease is deleted and claimed again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.cases.adapters.mongo_case_store import CASES
from services.cases.domain.vocabulary import DeadlineState
from services.cases.service_layer.ports import Document

DEADLINE_CLAIMS = "deadline_claims"


def due_query(now: datetime, warn_before: timedelta) -> Document:
    """Cases whose stored deadline state is behind the clock (uses the deadline_at index),
    and missed ones whose next reminder is due (escalation: repeats until acted on)."""
    return {
        "closed": False,
        "$or": [
            {"deadline_state": DeadlineState.OK.value, "deadline_at": {"$lte": now + warn_before}},
            {"deadline_state": DeadlineState.APPROACHING.value, "deadline_at": {"$lt": now}},
            {"deadline_state": DeadlineState.MISSED.value, "deadline_remind_at": {"$lte": now}},
        ],
    }


class MongoDeadlineWatch:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.cases = db[CASES]
        self.claims = db[DEADLINE_CLAIMS]

    async def due_cases(self, *, now: datetime, warn_before: timedelta, limit: int) -> list[str]:
        query = due_query(now, warn_before)
        cursor = self.cases.find(query, {"_id": 1}).sort("deadline_at", 1).limit(limit)
        return [str(document["_id"]) async for document in cursor]

    async def claim(self, case_id: str, *, owner: str, now: datetime, until: datetime) -> bool:
        try:
            await self.claims.insert_one({"_id": case_id, "owner": owner, "until": until})
        except DuplicateKeyError:
            expired = await self.claims.delete_one({"_id": case_id, "until": {"$lt": now}})
            if expired.deleted_count != 1:
                return False  # another replica holds a live lease
            return await self.claim(case_id, owner=owner, now=now, until=until)
        return True

    async def release(self, case_id: str, *, owner: str) -> None:
        await self.claims.delete_one({"_id": case_id, "owner": owner})
