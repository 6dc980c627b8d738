"""`FeedSink` over HTTP: intake's `POST /v1/feeds/reports`, as the feed its token names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from services.intake.service_layer.import_ports import FeedRefused, FeedUnavailable, ItemAnswer


class HttpFeedSink:
    def __init__(
        self, client: httpx.AsyncClient, *, intake_url: str, token: str, source: str
    ) -> None:
        self.client = client
        self.url = intake_url.rstrip("/") + "/v1/feeds/reports"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.source = source  # the feed the operator means; intake names the token's

    async def send(self, items: Sequence[dict[str, Any]]) -> list[ItemAnswer]:
        try:
            response = await self.client.post(
                self.url, json={"reports": list(items)}, headers=self.headers
            )
        except httpx.HTTPError as exc:
            raise FeedUnavailable(f"intake did not answer: {type(exc).__name__}") from exc
        if response.status_code in (429,) or response.status_code >= 500:
            raise FeedUnavailable(f"intake answered {response.status_code}")
        body = response.json()
        if response.status_code != 200:
            raise FeedRefused(f"intake answered {response.status_code}: {body.get('detail', body)}")
        if body.get("source") != self.source:
            raise FeedRefused(
                f"the token belongs to feed {body.get('source')!r}, not {self.source!r} "
                "(that batch was filed as the token's feed, which is where it belongs)"
            )
        return [
            ItemAnswer(
                source_id=str(result.get("source_id")),
                tracking_code=result.get("tracking_code"),
                errors=result.get("errors", []),
            )
            for result in body["results"]
        ]
