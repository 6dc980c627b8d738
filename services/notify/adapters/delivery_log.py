"""The delivery log in MongoDB (notify's own `deliveries` collection), keyed by notification id."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from schemas.notifications import DeliveryStatus
from services.common.mongo import Document
from services.notify.domain.deliveries import Delivery

DELIVERIES = "deliveries"


class MongoDeliveryLog:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.deliveries = db[DELIVERIES]

    async def find(self, notification_id: str) -> Delivery | None:
        document = await self.deliveries.find_one({"_id": notification_id})
        return None if document is None else _delivery(document)

    async def record(self, delivery: Delivery) -> None:
        # One upsert keyed by the id: a second record cannot add a second entry.
        await self.deliveries.update_one(
            {"_id": delivery.notification_id},
            {
                "$set": {
                    "case_id": delivery.case_id,
                    "route": delivery.route,
                    "channel": delivery.channel,
                    "status": delivery.status.value,
                    "detail": delivery.detail,
                    "finished_at": delivery.finished_at,
                },
                "$inc": {"attempts": delivery.attempts},
            },
            upsert=True,
        )


def _delivery(document: Document) -> Delivery:
    return Delivery(
        notification_id=document["_id"],
        case_id=document["case_id"],
        route=document["route"],
        channel=document["channel"],
        status=DeliveryStatus(document["status"]),
        attempts=int(document["attempts"]),
        detail=document["detail"],
        finished_at=document["finished_at"],
    )
