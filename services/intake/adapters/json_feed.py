"""`FeedPages` over HTTP: `GET <url>?cursor=<c>` answering `{"items": [...], "next_cursor":
...}` (the pull format in docs/import-formats.md)."""

from __future__ import annotations

import httpx

from services.intake.service_layer.import_ports import FeedPage, FeedRefused, FeedUnavailable


class HttpFeedPages:
    def __init__(self, client: httpx.AsyncClient, *, url: str, headers: dict[str, str]) -> None:
        self.client = client
        self.url = url
        self.headers = headers

    async def fetch(self, cursor: str | None) -> FeedPage:
        params = {"cursor": cursor} if cursor else {}
        try:
            response = await self.client.get(self.url, params=params, headers=self.headers)
        except httpx.HTTPError as exc:
            raise FeedUnavailable(f"the feed did not answer: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise FeedUnavailable(f"the feed answered {response.status_code}")
        if response.status_code != 200:
            raise FeedRefused(f"the feed answered {response.status_code}")
        try:
            body = response.json()
            items, next_cursor = body["items"], body.get("next_cursor")
        except (ValueError, KeyError, TypeError) as exc:
            raise FeedRefused("the feed's answer is not {items, next_cursor} JSON") from exc
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise FeedRefused("the feed's items are not a list of objects")
        if next_cursor is not None and not isinstance(next_cursor, str | int):
            raise FeedRefused("the feed's next_cursor is neither a string nor null")
        return FeedPage(items, None if next_cursor is None else str(next_cursor))
