"""`GatewayReplies` over HTTP: intake's answers to citizens as gateway sends.

`POST {GATEWAY_BASE_URL}/v1/messages` with the bearer token (docs/gateway-protocol.md),
the body built by services/common/gateway_send.py as notify builds its own. The
reference is the idempotency key: a reply sent again after a lost answer is sent once.
"""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from schemas.gateway import GatewayChannel
from services.common.gateway_send import SEND_PATH, send_headers, send_request
from services.intake.service_layer.inbound_ports import ReplyNotSent


class HttpGatewayReplies:
    def __init__(
        self, *, base_url: str, token: str, timeout_s: float, max_sms_segments: int
    ) -> None:
        self.url = base_url.rstrip("/") + SEND_PATH
        self.token = token
        self.timeout = httpx.Timeout(timeout_s, connect=timeout_s / 2)
        self.max_sms_segments = max_sms_segments

    async def send(self, *, channel: GatewayChannel, to: str, text: str, reference: str) -> None:
        try:
            request = send_request(
                channel=channel,
                to=to,
                text=text,
                reference=reference,
                max_sms_segments=self.max_sms_segments,
            )
        except ValidationError as exc:
            fields = ", ".join(str(e["loc"][0]) for e in exc.errors())
            raise ReplyNotSent(f"not sendable: invalid {fields}") from exc
        headers = send_headers(token=self.token, idempotency_key=reference)
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.post(
                    self.url, content=request.model_dump_json(exclude_none=True), headers=headers
                )
        except httpx.HTTPError as exc:
            raise ReplyNotSent(type(exc).__name__) from exc
        if response.status_code != 202:
            # The body may quote the number back: only the status is kept.
            raise ReplyNotSent(f"gateway answered {response.status_code}")
