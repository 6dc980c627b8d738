"""One holder per time slot of a named duty (the outbox relay's recovery rounds).

Time is cut into slots of `ttl_s` (slot = floor(now / ttl_s)); the replica whose claim of
a slot is inserted first holds it (`Leases`: insert-only, no read). A holder remembers the
slots it won, so asking again costs nothing, and stops acting once less than
`STOP_BEFORE_END` of its slot is left: the next slot's holder starts only when that slot
begins, so two holders never act at once unless a holder stalls for longer than that
margin in the middle of one step (docs/decisions.md, the residual risk).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from services.cases.service_layer.ports import Leases
from services.common.clock import Clock

STOP_BEFORE_END = 0.25  # of the slot: far beyond one case's step, and any clock skew
TIDY_EVERY_S = 3600.0  # the holder forgets the claims older than a day, once an hour
KEEP_S = 86_400.0


@dataclass
class SlotLease:
    leases: Leases
    name: str
    holder: str  # this process (bootstrap.replica_name)
    ttl_s: float
    clock: Clock
    won: set[int] = field(default_factory=set)
    lost: int | None = None  # the last slot another holder took: not claimed again
    tidied_at: float = -math.inf

    def _now(self) -> float:
        return self.clock.now().timestamp()

    async def hold(self) -> bool:
        """Claim the current slot unless won already; True while it is held and not ending."""
        now = self._now()
        slot = math.floor(now / self.ttl_s)
        if slot == self.lost:
            return False
        if slot not in self.won:
            if not await self.leases.claim(self.name, slot, holder=self.holder):
                self.lost = slot
                return False
            self.won = {s for s in self.won if s >= slot - 1} | {slot}
            if now - self.tidied_at >= TIDY_EVERY_S:
                await self.leases.drop_before(self.name, slot - math.ceil(KEEP_S / self.ttl_s))
                self.tidied_at = now
        return self.held()

    def held(self) -> bool:
        """Checked before each step: the current slot is ours and not about to end."""
        now = self._now()
        slot = math.floor(now / self.ttl_s)
        left = (slot + 1) * self.ttl_s - now
        return slot in self.won and left > self.ttl_s * STOP_BEFORE_END
