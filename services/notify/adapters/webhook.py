"""Signed webhook delivery (Standard Webhooks headers) with retries and exponential back-off."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import httpx
from opentelemetry.propagate import inject

from services.common.clock import Clock
from services.notify.domain.deliveries import SendResult
from services.notify.domain.signing import ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_BACKOFF_S = 10.0


class WebhookChannel:
    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        secret: str,
        clock: Clock,
        max_attempts: int,
        backoff_base_s: float,
    ) -> None:
        self.client = client
        self.secret = secret
        self.clock = clock
        self.max_attempts = max_attempts
        self.backoff_base_s = backoff_base_s

    def _headers(self, notification_id: str, payload: bytes) -> dict[str, str]:
        timestamp = int(self.clock.now().timestamp())
        headers = {
            "Content-Type": "application/json",
            ID_HEADER: notification_id,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(
                secret=self.secret, webhook_id=notification_id, timestamp=timestamp, body=payload
            ),
        }
        inject(headers)  # the webhook continues the report's trace
        return headers

    async def send(
        self, *, target: str, notification_id: str, body: Mapping[str, Any]
    ) -> SendResult:
        payload = json.dumps(body, ensure_ascii=False).encode()
        detail = "not attempted"
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = await self.client.post(
                    target, content=payload, headers=self._headers(notification_id, payload)
                )
            except httpx.HTTPError as exc:
                detail = f"{type(exc).__name__}: {exc}"
            else:
                if response.is_success:
                    return SendResult(True, attempt, f"HTTP {response.status_code}")
                detail = f"HTTP {response.status_code}"
                if response.status_code not in RETRYABLE_STATUS:
                    return SendResult(False, attempt, detail)
            if attempt < self.max_attempts:
                await asyncio.sleep(min(self.backoff_base_s * 2 ** (attempt - 1), MAX_BACKOFF_S))
        return SendResult(False, self.max_attempts, detail)
