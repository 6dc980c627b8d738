"""`POST /v1/gateway/receipts`: the gateway's signed delivery receipts (docs/gateway-protocol.md).

Refused with problem+json: a missing, stale (replayed) or wrong signature (401), a body
that is not a receipt (422, naming the fields), a receipt for a message we never sent (404).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError

from schemas.gateway import DeliveryReceipt
from services.common.clock import Clock
from services.common.problem import Problem
from services.common.standard_webhooks import SignatureRefused, verify
from services.notify.service_layer.receipts import Receipts, UnknownReceipt


def receipts_router(*, receipts: Receipts, callback_secret: str, clock: Clock) -> APIRouter:
    router = APIRouter(prefix="/v1/gateway", tags=["gateway"])

    # The route reads its body itself (the signature covers the raw bytes): declared here
    # so that clients and fuzzers see it.
    @router.post(
        "/receipts",
        status_code=204,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": DeliveryReceipt.model_json_schema()}},
            }
        },
        responses={
            401: {"description": "The signature is missing, stale or wrong"},
            404: {"description": "No message was sent under this id and reference"},
            422: {"description": "The body is not a delivery receipt"},
        },
    )
    async def receive(request: Request) -> None:
        body = await request.body()
        try:
            verify(secret=callback_secret, headers=request.headers, body=body, now=clock.now())
        except SignatureRefused as exc:
            raise Problem(401, "Bad signature", str(exc)) from exc
        try:
            receipt = DeliveryReceipt.model_validate_json(body)
        except ValidationError as exc:
            fields = sorted({".".join(map(str, e["loc"])) or "body" for e in exc.errors()})
            raise Problem(
                422, "Not a delivery receipt", f"invalid or missing: {', '.join(fields)}"
            ) from exc
        try:
            await receipts.accept(receipt)
        except UnknownReceipt as exc:
            raise Problem(404, "Unknown message", str(exc)) from exc

    return router
