"""Delivery log in MongoDB (notify's own collection): the guard against sending twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

DELIVERIES = "deliveries"


class DeliveryLog:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self.deliveries = db[DELIVERIES]

    async def delivered(self, notification_id: str) -> dict[str, Any] | None:
        return await self.deliveries.find_one({"_id": notification_id, "status": "delivered"})

    async def record(
        self,
        *,
        notification_id: str,
        case_id: str,
        route: str,
        channel: str,
        status: str,
        attempts: int,
        detail: str,
        at: datetime,
    ) -> None:
        await self.deliveries.update_one(
            {"_id": notification_id},
            {
                "$set": {
                    "case_id": case_id,
                    "route": route,
                    "channel": channel,
                    "status": status,
                    "detail": detail,
                    "finished_at": at,
                },
                "$inc": {"attempts": attempts},
            },
            upsert=True,
        )
