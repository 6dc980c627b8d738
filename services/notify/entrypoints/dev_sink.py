"""Development webhook sinks: let `make run` deliver for real without outside servers.

Verify each signature and keep the last deliveries in memory: `GET /dev/sink` (the
shared-secret webhooks of notify's first version), `GET /dev/hooks` (Standard Webhooks
with a secret per recipient, issue 11).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request

from services.common.clock import Clock
from services.common.problem import Problem
from services.common.secrets import MissingSecret
from services.common.standard_webhooks import SignatureRefused
from services.common.standard_webhooks import verify as standard_verify
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


def standard_hooks_router(*, secret_for: Callable[[str], str], clock: Clock) -> APIRouter:
    """`make run`'s receiver of Standard Webhooks (adapters/signed_webhook.py).

    The directory points a development webhook at `/dev/hooks/<secret_ref>`; the sink
    checks the signature with that recipient's secret, as a real receiver would, and keeps
    the last deliveries for `GET /dev/hooks` (deduplicated by webhook-id, as the spec asks).
    """
    received: dict[str, dict[str, Any]] = {}
    router = APIRouter(prefix="/dev/hooks", tags=["development"])

    @router.post(
        "/{secret_ref}",
        status_code=204,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
        responses={401: {"description": "The signature does not verify"}},
    )
    async def receive(secret_ref: str, request: Request) -> None:
        body = await request.body()
        try:
            hook = standard_verify(
                secret=secret_for(secret_ref), headers=request.headers, body=body, now=clock.now()
            )
        except (SignatureRefused, MissingSecret) as exc:
            raise Problem(401, "Bad signature", str(exc)) from exc
        try:
            document = json.loads(body)
        except ValueError as exc:
            raise Problem(400, "Malformed JSON", str(exc)) from exc
        received[hook.webhook_id] = {
            "secret_ref": secret_ref,
            "id": hook.webhook_id,
            "body": document,
        }
        while len(received) > KEPT:
            del received[next(iter(received))]

    @router.get("")
    async def listing() -> list[dict[str, Any]]:
        return list(received.values())

    return router
