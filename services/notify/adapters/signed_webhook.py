"""Webhooks per the Standard Webhooks spec: one signed POST per attempt (OutboundChannel).

`webhook-id` is the notification id (stable across attempts, so a receiver dedupes a
retry it already took), `webhook-timestamp` the attempt's time, `webhook-signature`
`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the recipient's own secret, found
through `Addressee.secret_ref` (adapters/secret_files.py). The body is `Message.data`.
Redirects are not followed. Retries and back-off are the delivery worker's.
"""

from __future__ import annotations

import aiohttp
import orjson
from opentelemetry.propagate import inject

from services.common.clock import Clock
from services.common.secrets import MissingSecret
from services.common.standard_webhooks import signed_headers
from services.notify.adapters.http_outcome import outcome_of_failure, outcome_of_status
from services.notify.adapters.http_pool import HttpPool
from services.notify.adapters.secret_files import SecretFiles
from services.notify.domain.plans import Addressee, Message, SendOutcome


class StandardWebhookChannel:
    def __init__(self, *, pool: HttpPool, secrets: SecretFiles, clock: Clock) -> None:
        self.pool = pool
        self.secrets = secrets
        self.clock = clock

    async def send(
        self, *, addressee: Addressee, notification_id: str, message: Message
    ) -> SendOutcome:
        if not addressee.target.startswith(("https://", "http://")):
            return SendOutcome(
                False, False, f"webhook target is not an http(s) URL: {addressee.target[:80]!r}"
            )
        if addressee.secret_ref is None:
            return SendOutcome(
                False, False, f"recipient {addressee.recipient_id} has no secret_ref"
            )
        try:
            secret = self.secrets.secret(addressee.secret_ref)
        except MissingSecret as exc:
            # Ops can put the file in place; the worker's later attempts then succeed.
            return SendOutcome(False, True, str(exc))
        body = orjson.dumps(dict(message.data))
        headers = {"Content-Type": "application/json"}
        headers |= signed_headers(
            secret=secret,
            webhook_id=notification_id,
            timestamp=int(self.clock.now().timestamp()),
            body=body,
        )
        inject(headers)  # the webhook continues the report's trace
        try:
            async with self.pool.session.post(
                addressee.target, data=body, headers=headers, allow_redirects=False
            ) as response:
                await response.read()  # to the end, so the connection goes back to the pool
                return outcome_of_status(response.status)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return outcome_of_failure(exc)
