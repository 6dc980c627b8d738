"""`Leases` in memory: the first claim of a slot holds it, any later claim (even the same
holder's) is refused, as `MongoLeases`' unique _id does."""

from __future__ import annotations


class InMemoryLeases:
    def __init__(self) -> None:
        self.holders: dict[tuple[str, int], str] = {}
        self.claims = 0  # inserts tried (each costs the store a write)

    async def claim(self, name: str, slot: int, *, holder: str) -> bool:
        self.claims += 1
        if (name, slot) in self.holders:
            return False
        self.holders[(name, slot)] = holder
        return True

    async def drop_before(self, name: str, slot: int) -> None:
        for key in [k for k in self.holders if k[0] == name and k[1] < slot]:
            del self.holders[key]
