"""What this process sent lately: the delivery log's entries it need not read back.

A redelivered batch (the handler failed after sending) or an event published twice
upstream usually reaches the process that sent it moments ago; remembering its latest
entries (bounded, least recently used out first) answers those without a store read.
Only this process's sends go in. What is remembered can be older than the log only if
another process sent the same id since (a failed send, its event redelivered elsewhere
after a rebalance, then back here): a send again, no worse than at-least-once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from services.notify.domain.deliveries import Delivery


class RecentDeliveries:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: OrderedDict[str, Delivery] = OrderedDict()

    def get(self, notification_id: str) -> Delivery | None:
        found = self.entries.get(notification_id)
        if found is not None:
            self.entries.move_to_end(notification_id)
        return found

    def remember(self, deliveries: Iterable[Delivery]) -> None:
        for delivery in deliveries:
            self.entries[delivery.notification_id] = delivery
            self.entries.move_to_end(delivery.notification_id)
        while len(self.entries) > self.capacity:
            self.entries.popitem(last=False)
