"""Development webhook sink: lets `make run` deliver for real without outside servers.

Verifies each signature and keeps the last deliveries in memory for `GET /dev/sink`.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from fastapi import APIRouter, Request

from services.common.problem import Problem
from services.notify.domain.signing import ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

KEPT = 200


def sink_router(*, secret: str) -> APIRouter:
    received: deque[dict[str, Any]] = deque(maxlen=KEPT)
    router = APIRouter(prefix="/dev/sink", tags=["development"])

    @router.post("/{authority}", status_code=204)
    async def receive(authority: str, request: Request) -> None:
        body = await request.body()
        headers = request.headers
        if not verify(
            secret=secret,
            webhook_id=headers.get(ID_HEADER, ""),
            timestamp=int(headers.get(TIMESTAMP_HEADER, "0") or 0),
            body=body,
            header=headers.get(SIGNATURE_HEADER, ""),
        ):
            raise Problem(401, "Bad signature", "the webhook signature does not verify")
        received.append({"authority": authority, "body": json.loads(body)})

    @router.get("")
    async def listing() -> list[dict[str, Any]]:
        return list(received)

    return router
