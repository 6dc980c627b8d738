"""`POST /v1/gateway/inbound`: citizens' SMS and WhatsApp messages from the gateway.

docs/gateway-protocol.md: the call is signed (Standard Webhooks, the callback secret).
Refused with problem+json: a missing, stale (replayed later than 5 minutes) or wrong
signature (401); a webhook id already taken (409: a replay, or a retry of a call we
took); a body that is not JSON (415) or not an inbound message (422, the fields named);
a sender over its rate (429, Retry-After). 202 once the message is answered or its part
is kept durably. The sender's number is never in an answer or a log line.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from schemas.gateway import InboundMessage
from services.common.clock import Clock
from services.common.problem import Problem
from services.common.standard_webhooks import ID_HEADER, SignatureRefused, verify
from services.intake.service_layer.inbound import InboundDesk, SenderLimited
from services.intake.service_layer.inbound_replays import RecentWebhookIds


def inbound_router(
    *, desk: InboundDesk, callback_secret: str, replays: RecentWebhookIds, clock: Clock
) -> APIRouter:
    router = APIRouter(prefix="/v1/gateway", tags=["gateway"])

    @router.post(
        "/inbound",
        status_code=202,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": InboundMessage.model_json_schema(by_alias=True)}
                },
            }
        },
        responses={
            401: {"description": "The signature is missing, stale or wrong"},
            409: {"description": "This webhook id was already taken"},
            415: {"description": "The body is not JSON"},
            422: {"description": "The body is not an inbound message"},
            429: {"description": "This sender sends too fast"},
        },
    )
    async def inbound(request: Request) -> JSONResponse:
        body = await request.body()
        try:
            verified = verify(
                secret=callback_secret, headers=request.headers, body=body, now=clock.now()
            )
        except SignatureRefused as exc:
            raise Problem(401, "Bad signature", str(exc)) from exc
        if replays.seen(verified.webhook_id):
            raise Problem(409, "Already taken", f"{ID_HEADER} {verified.webhook_id} was taken")
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise Problem(415, "Unsupported media type", "send the message as application/json")
        try:
            message = InboundMessage.model_validate_json(body)
        except ValidationError as exc:
            # Named by field, never by value: the values may hold a phone number.
            fields = sorted({".".join(map(str, e["loc"])) or "body" for e in exc.errors()})
            raise Problem(
                422, "Not an inbound message", f"invalid or missing: {', '.join(fields)}"
            ) from exc
        try:
            outcome = await desk.take(message)
        except OSError as exc:  # the journal's disk: the gateway tries again later
            raise Problem(503, "Message not kept", "it could not be stored; send it again") from exc
        except SenderLimited as exc:
            raise Problem(
                429,
                "Too many messages",
                f"this sender sends too fast: try again in {exc.retry_after_s} s",
                headers={"Retry-After": str(exc.retry_after_s)},
            ) from exc
        replays.taken(verified.webhook_id)
        return JSONResponse({"message_id": message.message_id, "outcome": outcome}, 202)

    return router
