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

    # The route reads its body itself (the signature covers the raw bytes): declared here
    # so that clients and fuzzers see it.
    @router.post(
        "/{authority}",
        status_code=204,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
        responses={401: {"description": "The signature does not verify"}},
    )
    async def receive(authority: str, request: Request) -> None:
        body = await request.body()
        headers = request.headers
        timestamp = headers.get(TIMESTAMP_HEADER, "")
        if not (timestamp.isascii() and timestamp.isdigit()) or not verify(
            secret=secret,
            webhook_id=headers.get(ID_HEADER, ""),
            timestamp=int(timestamp),
            body=body,
            header=headers.get(SIGNATURE_HEADER, ""),
        ):
            raise Problem(401, "Bad signature", "the webhook signature does not verify")
        try:
            document = json.loads(body)
        except ValueError as exc:  # signed by us yet not JSON: say so, never a 500
            raise Problem(400, "Malformed JSON", str(exc)) from exc
        received.append({"authority": authority, "body": document})

    @router.get("")
    async def listing() -> list[dict[str, Any]]:
        return list(received)

    return router
