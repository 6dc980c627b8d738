"""Gateway delivery receipts, kept per delivery: what `netra deliveries show` lists.

`MongoReceiptLog` inserts each accepted receipt into `delivery_receipts` (insert-only, as
the rest of the delivery log; `_id` = notification id, gateway message id and status, so
a receipt the gateway repeats is one document) and reads a delivery's back for ops.
It logs the gateway's message id, our notification id and the status only: never the
number.
"""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from schemas.gateway import DeliveryReceipt
from services.common.logging import get_logger
from services.common.mongo import Document, insert_new

log = get_logger(__name__)
RECEIPTS = "delivery_receipts"


def _logged(notification_id: str, receipt: DeliveryReceipt) -> None:
    log.info(
        "gateway receipt",
        notification_id=notification_id,
        message_id=receipt.message_id,
        status=receipt.status,
        error=receipt.error,
    )


class MongoReceiptLog:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.receipts = db[RECEIPTS]

    async def record_receipt(self, *, notification_id: str, receipt: DeliveryReceipt) -> None:
        document: Document = receipt.model_dump(mode="json") | {
            "_id": f"{notification_id}#{receipt.message_id}#{receipt.status}",
            "notification_id": notification_id,
        }
        await insert_new(self.receipts, [document])
        _logged(notification_id, receipt)

    async def receipts_of(self, notification_id: str) -> list[DeliveryReceipt]:
        found = self.receipts.find({"notification_id": notification_id})
        receipts = [
            DeliveryReceipt.model_validate({k: v for k, v in d.items() if k in FIELDS})
            async for d in found
        ]
        return sorted(receipts, key=lambda r: r.at)


FIELDS = frozenset(DeliveryReceipt.model_fields)
