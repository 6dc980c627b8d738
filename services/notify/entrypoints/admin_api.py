"""Notify's ops API under /admin/deliveries (what `netra deliveries` talks to).

Every route needs `Authorization: Bearer <NOTIFY_ADMIN_TOKEN>`. Errors are problem+json,
in Bahasa Indonesia with English.
"""

from __future__ import annotations

import dataclasses
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from pydantic import BaseModel, ConfigDict, Field

from services.common.problem import Problem
from services.notify.domain.delivery_progress import DeliveryState
from services.notify.service_layer.delivery_ops import DeliveryOps, DeliveryView, RetryAnswer
from services.notify.service_layer.receipts import ReceiptReader

MAX_LIST = 1_000


class RetryRequest(BaseModel):
    """Why ops sends it again (kept in the delivery's history)."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)


def admin_router(*, ops: DeliveryOps, receipts: ReceiptReader, token: str) -> APIRouter:
    def authorised(authorization: Annotated[str | None, Header()] = None) -> None:
        given = (authorization or "").removeprefix("Bearer ").encode()
        if not authorization or not hmac.compare_digest(given, token.encode()):
            raise Problem(
                401,
                "Token admin tidak sah / Invalid admin token",
                "Kirim Authorization: Bearer <NOTIFY_ADMIN_TOKEN> / "
                "send Authorization: Bearer <NOTIFY_ADMIN_TOKEN>",
                headers={"WWW-Authenticate": "Bearer"},
            )

    router = APIRouter(prefix="/admin/deliveries", dependencies=[Depends(authorised)])

    @router.get("")
    async def list_deliveries(
        state: DeliveryState | None = None,
        case_id: Annotated[str | None, Query(max_length=64)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 100,
    ) -> dict[str, Any]:
        if case_id is not None:
            views = await ops.of_case(case_id)
            views = [v for v in views if state is None or v.state is state][:limit]
        else:
            views = ops.waiting(state=state, limit=limit)
        return {"deliveries": [_json(v, steps=False) for v in views]}

    @router.get("/{notification_id}")
    async def show_delivery(notification_id: str) -> dict[str, Any]:
        view = await ops.show(notification_id)
        if view is None:
            raise _unknown(notification_id)
        body = _json(view, steps=True)
        # The gateway's delivery receipts (SMS/WhatsApp): message id, status, channel, when.
        found = await receipts.receipts_of(notification_id)
        body["receipts"] = [r.model_dump(mode="json", exclude={"reference"}) for r in found]
        return body

    @router.post("/{notification_id}/retry")
    async def retry_delivery(notification_id: str, request: RetryRequest) -> dict[str, Any]:
        answer = await ops.retry(notification_id, reason=request.reason)
        if answer is RetryAnswer.UNKNOWN:
            raise _unknown(notification_id)
        if answer is RetryAnswer.ALREADY_DELIVERED:
            raise Problem(
                409,
                "Sudah terkirim / Already delivered",
                f"{notification_id} sudah terkirim dan tidak dikirim dua kali / "
                "was delivered and is never sent twice",
            )
        return {"notification_id": notification_id, "result": answer.value}

    return router


def _unknown(notification_id: str) -> Problem:
    return Problem(
        404,
        "Pengiriman tidak dikenal / Unknown delivery",
        f"tidak ada pengiriman {notification_id} yang ditangani proses ini / "
        f"no delivery {notification_id} held by this process or in the log",
    )


def _json(view: DeliveryView, *, steps: bool) -> dict[str, Any]:
    body = dataclasses.asdict(view)
    body["state"] = view.state.value
    for key in ("planned_at", "next_attempt_at"):
        body[key] = body[key].isoformat() if body[key] else None
    body["steps"] = (
        [
            {
                "seq": e.seq,
                "kind": e.kind.value,
                "at": e.at.isoformat(),
                "detail": e.detail,
                "next_due": e.next_due.isoformat() if e.next_due else None,
            }
            for e in view.steps
        ]
        if steps
        else None
    )
    if not steps:
        del body["steps"]
    return body
