"""Receipts kept in memory and logged, until the delivery log records them (issue 11 merge).

Logs the gateway's message id, our notification id and the status only: never the number.
"""

from __future__ import annotations

from collections import deque

from schemas.gateway import DeliveryReceipt
from services.common.logging import get_logger

log = get_logger(__name__)


class RecentReceipts:
    def __init__(self, capacity: int) -> None:
        self.received: deque[tuple[str, DeliveryReceipt]] = deque(maxlen=capacity)

    async def record_receipt(self, *, notification_id: str, receipt: DeliveryReceipt) -> None:
        self.received.append((notification_id, receipt))
        log.info(
            "gateway receipt",
            notification_id=notification_id,
            message_id=receipt.message_id,
            status=receipt.status,
            error=receipt.error,
        )
