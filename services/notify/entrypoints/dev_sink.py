"""Development webhook sinks: let `make run` deliver for real without outside servers.

Verify each signature and keep the last deliveries in memory: `GET /dev/hooks` (Standard
Webhooks with a secret per recipient, issue 11). Mail and SMS/WhatsApp go to `make run`'s
dev sinks process (deploy/local/dev_sinks.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request

from services.common.clock import Clock
from services.common.problem import Problem
from services.common.secrets import MissingSecret
from services.common.standard_webhooks import SignatureRefused
from services.common.standard_webhooks import verify as standard_verify

KEPT = 200


def standard_hooks_router(*, secret_for: Callable[[str], str], clock: Clock) -> APIRouter:
    """`make run`'s receiver of Standard Webhooks (adapters/signed_webhook.py).

    The directory points a development webhook at `/dev/hooks/<secret_ref>`; the sink
    checks the signature with that recipient's secret, as a real receiver would, and keeps
    the last deliveries for `GET /dev/hooks` (deduplicated by webhook-id, as the spec asks).
    """
    received: dict[str, dict[str, Any]] = {}
    router = APIRouter(prefix="/dev/hooks", tags=["development"])

    @router.post(
        "/{secret_ref:path}",
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
