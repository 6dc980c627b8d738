"""`POST /v1/gateway/receipts`: the gateway's signed delivery receipts (docs/gateway-protocol.md).

Refused with problem+json: a missing, stale (replayed) or wrong signature (401), a body
that is not a receipt (422, naming the fields), a receipt for a message we never sent (404).

Served by `ReceiptsMiddleware`, a plain ASGI middleware inside the app's own stack (its
server span, body limits): a receipt per SMS or WhatsApp through FastAPI's routing,
request and response objects was ~0.4 ms of CPU (docs/decisions.md). The route stays for
the OpenAPI document and answers the same (`ReceiptIntake` is both's logic) when the
middleware is not installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from schemas.gateway import DeliveryReceipt
from services.common.clock import Clock
from services.common.direct_route import RouteName, request_body
from services.common.problem import Problem, problem_answer
from services.common.standard_webhooks import SignatureRefused, verify
from services.notify.service_layer.receipts import Receipts, UnknownReceipt

PREFIX = "/v1/gateway"
PATH = PREFIX + "/receipts"


@dataclass(frozen=True)
class ReceiptIntake:
    receipts: Receipts
    callback_secret: str
    clock: Clock

    async def take(self, headers: Mapping[str, str], body: bytes) -> None:
        """Verified, validated and recorded; else raises the Problem to answer with."""
        try:
            verify(secret=self.callback_secret, headers=headers, body=body, now=self.clock.now())
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
            await self.receipts.accept(receipt)
        except UnknownReceipt as exc:
            raise Problem(404, "Unknown message", str(exc)) from exc


def receipts_router(*, receipts: Receipts, callback_secret: str, clock: Clock) -> APIRouter:
    intake = ReceiptIntake(receipts, callback_secret, clock)
    router = APIRouter(prefix=PREFIX, tags=["gateway"])

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
        await intake.take(request.headers, await request.body())

    return router


# What FastAPI's route answered with: its default response class's media type, no body.
_NO_CONTENT = [(b"content-type", b"application/json")]


class ReceiptsMiddleware:
    """Answers `POST /v1/gateway/receipts` itself; anything else goes on to the app."""

    def __init__(self, app: ASGIApp, *, intake: ReceiptIntake) -> None:
        self.app = app
        self.intake = intake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        body = await request_body(receive)
        if body is None:  # the client went away: nothing to answer
            return
        scope["route"] = RouteName(PATH)
        try:
            await self.intake.take(Headers(scope=scope), body)
        except Problem as exc:
            answer = problem_answer(exc, instance=scope["path"])
            await answer(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 204, "headers": _NO_CONTENT})
        await send({"type": "http.response.body", "body": b""})
