"""Gateway delivery receipts, kept per delivery: what `netra deliveries show` lists.

`MongoReceiptLog` inserts each accepted receipt into `delivery_receipts` (insert-only, as
the rest of the delivery log; `_id` = notification id, gateway message id and status, so
a receipt the gateway repeats is one document) and reads a delivery's back for ops.
It logs the gateway's message id, our notification id and the status only: never the
number.

Receipts that arrive within `linger_s` of the first one waiting, or while an insert is
under way, are inserted together (one `insert_many`), and each call returns once its own
receipt is in the store: the gateway's 204 still means "kept", up to `linger_s` later.
A receipt per SMS or WhatsApp, each one its own insert, was a sixth of notify's CPU in
the pipeline bench (docs/decisions.md, "Notify: where the pipeline's notify spent its CPU").
"""

from __future__ import annotations

import asyncio

from pymongo.asynchronous.database import AsyncDatabase

from schemas.gateway import DeliveryReceipt
from services.common.logging import get_logger
from services.common.mongo import Document, insert_new

log = get_logger(__name__)
RECEIPTS = "delivery_receipts"
# Receipts come one HTTP request each, a few per report: at 100 reports/s waiting this
# long cut the inserts from ~23/s to ~10/s, each ~1 ms of the store's CPU whatever its size
# (docs/decisions.md, "Where the store's CPU per report goes"). A gateway waits seconds.
LINGER_S = 0.1


def _logged(notification_id: str, receipt: DeliveryReceipt) -> None:
    log.info(
        "gateway receipt",
        notification_id=notification_id,
        message_id=receipt.message_id,
        status=receipt.status,
        channel=receipt.channel,
        error=receipt.error,
    )


class MongoReceiptLog:
    def __init__(self, db: AsyncDatabase[Document], *, linger_s: float = LINGER_S) -> None:
        self.receipts = db[RECEIPTS]
        self.linger_s = linger_s
        self._queued: list[tuple[Document, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record_receipt(self, *, notification_id: str, receipt: DeliveryReceipt) -> None:
        document: Document = receipt.model_dump(mode="json") | {
            "_id": f"{notification_id}#{receipt.message_id}#{receipt.status}",
            "notification_id": notification_id,
        }
        written = asyncio.get_running_loop().create_future()
        self._queued.append((document, written))
        if self._writer is None or self._writer.done():
            # A task of its own: a caller that goes away does not stop the others' insert.
            self._writer = asyncio.create_task(self._write_queued())
        await written
        _logged(notification_id, receipt)

    async def _write_queued(self) -> None:
        await asyncio.sleep(self.linger_s)
        while self._queued:
            batch, self._queued = self._queued, []
            failure: Exception | None = None
            try:
                await insert_new(self.receipts, [document for document, _ in batch])
            except Exception as exc:  # each waiting request answers with it (a 5xx)
                failure = exc
            for _, written in batch:
                if written.done():  # its request was cancelled meanwhile
                    continue
                if failure is None:
                    written.set_result(None)
                else:
                    written.set_exception(failure)

    async def receipts_of(self, notification_id: str) -> list[DeliveryReceipt]:
        found = self.receipts.find({"notification_id": notification_id})
        receipts = [
            DeliveryReceipt.model_validate({k: v for k, v in d.items() if k in FIELDS})
            async for d in found
        ]
        return sorted(receipts, key=lambda r: r.at)


FIELDS = frozenset(DeliveryReceipt.model_fields)
