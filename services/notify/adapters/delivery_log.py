"""The delivery log in MongoDB: claims and send outcomes, both insert-only.

`delivery_claims` holds `{_id: notification id}`; `delivery_sends` holds one document per
send, `_id` = "<notification id>#<send number>". Both are written with
insert_many(ordered=False): a duplicate `_id` is the answer (claimed or recorded before),
never an error. Only `find_all` reads (by `notification_id`: a scan on FerretDB, taken
only for ids claimed before). The former `deliveries` collection (one upserted entry per
id) is no longer written or read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence

from pymongo.asynchronous.database import AsyncDatabase

from schemas.notifications import DeliveryStatus
from services.common.mongo import Document, insert_new
from services.notify.domain.deliveries import Delivery, merged

CLAIMS = "delivery_claims"
SENDS = "delivery_sends"


class MongoDeliveryLog:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.claims = db[CLAIMS]
        self.sends = db[SENDS]

    async def claim(self, notification_ids: Sequence[str]) -> frozenset[str]:
        taken = await insert_new(self.claims, [{"_id": i} for i in notification_ids])
        return frozenset(notification_ids[index] for index in taken)

    async def record(self, deliveries: Sequence[Delivery]) -> None:
        await insert_new(self.sends, [_document(d) for d in deliveries])

    async def find_all(self, notification_ids: Collection[str]) -> dict[str, Delivery]:
        if not notification_ids:
            return {}
        sends: dict[str, list[Delivery]] = defaultdict(list)
        async for document in self.sends.find({"notification_id": {"$in": list(notification_ids)}}):
            delivery = _delivery(document)
            sends[delivery.notification_id].append(delivery)
        return {nid: merged(*found) for nid, found in sends.items()}


def _document(delivery: Delivery) -> Document:
    return {
        "_id": f"{delivery.notification_id}#{delivery.send_number}",
        "notification_id": delivery.notification_id,
        "send_number": delivery.send_number,
        "case_id": delivery.case_id,
        "route": delivery.route,
        "channel": delivery.channel,
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "detail": delivery.detail,
        "finished_at": delivery.finished_at,
    }


def _delivery(document: Document) -> Delivery:
    return Delivery(
        notification_id=document["notification_id"],
        case_id=document["case_id"],
        route=document["route"],
        channel=document["channel"],
        status=DeliveryStatus(document["status"]),
        attempts=int(document["attempts"]),
        detail=document["detail"],
        finished_at=document["finished_at"],
        send_number=int(document["send_number"]),
    )
