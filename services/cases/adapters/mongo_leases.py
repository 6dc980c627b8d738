"""`Leases` on the store: one small document per claimed slot, `_id = "<name>:<slot>"`.

Insert-only: the unique `_id` decides who holds a slot (a duplicate key: somebody came
first), so a claim never reads and never scans, even on FerretDB.
"""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from services.cases.service_layer.ports import Document
from services.common.clock import Clock
from services.common.mongo import insert_new

LEASES = "leases"


class MongoLeases:
    def __init__(self, db: AsyncDatabase[Document], *, clock: Clock) -> None:
        self.leases = db[LEASES]
        self.clock = clock  # dates the claims for operators only

    async def claim(self, name: str, slot: int, *, holder: str) -> bool:
        claim = {
            "_id": f"{name}:{slot}",
            "name": name,
            "slot": slot,
            "holder": holder,
            "at": self.clock.now(),
        }
        return not await insert_new(self.leases, [claim])

    async def drop_before(self, name: str, slot: int) -> None:
        await self.leases.delete_many({"name": name, "slot": {"$lt": slot}})
