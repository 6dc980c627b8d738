"""`StatusSource` over HTTP: the cases service's public `GET /v1/status/{tracking_code}`."""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from services.intake.domain.tracking import PublicStatus
from services.intake.service_layer.ports import StatusUnavailable


class HttpStatusSource:
    def __init__(self, *, base_url: str, timeout_s: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s

    async def find(self, tracking_code: str) -> PublicStatus | None:
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                response = await client.get(f"{self.base_url}/v1/status/{tracking_code}")
        except httpx.HTTPError as exc:
            raise StatusUnavailable(type(exc).__name__) from exc
        # 400 too: the code passed our own check, so the cases service knows no such report.
        if response.status_code in (400, 404):
            return None
        if response.status_code != 200:
            raise StatusUnavailable(f"cases answered {response.status_code}")
        try:
            return PublicStatus.model_validate_json(response.content)
        except ValidationError as exc:
            raise StatusUnavailable(f"unexpected answer: {exc.error_count()} error(s)") from exc
