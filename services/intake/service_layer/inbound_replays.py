"""The webhook ids of gateway calls already taken, for as long as a replay could verify.

A signed call is refused once its timestamp is more than the tolerance (5 minutes) from
our clock, so an id needs remembering only that long: older ones are forgotten, and at
most `max_ids` are held (the oldest forgotten first). Per process: behind several intake
instances a replay to another instance is caught by the part's message id instead (the
journal and the join keep one part per message id), not by this set.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

from services.common.clock import Clock


class RecentWebhookIds:
    def __init__(self, *, window: timedelta, clock: Clock, max_ids: int = 100_000) -> None:
        self.window = window
        self.clock = clock
        self.max_ids = max_ids
        self._taken: OrderedDict[str, datetime] = OrderedDict()

    def seen(self, webhook_id: str) -> bool:
        self._forget_old(self.clock.now())
        return webhook_id in self._taken

    def taken(self, webhook_id: str) -> None:
        self._taken[webhook_id] = self.clock.now()
        self._taken.move_to_end(webhook_id)
        while len(self._taken) > self.max_ids:
            self._taken.popitem(last=False)

    def _forget_old(self, now: datetime) -> None:
        # Twice the window: a timestamp may be up to `window` ahead of our clock too.
        while self._taken:
            oldest = next(iter(self._taken.values()))
            if now - oldest < 2 * self.window:
                return
            self._taken.popitem(last=False)
