"""The pull connector's HTTP side: the cursor is passed on, and a feed that answers
otherwise than `{items, next_cursor}` is named, over an in-process fake feed server."""

from __future__ import annotations

import httpx
import pytest

from services.intake.adapters.json_feed import HttpFeedPages
from services.intake.service_layer.import_ports import FeedRefused, FeedUnavailable

ITEMS = [
    {"nomor_laporan": f"F-{n}", "uraian_kejadian": "Camat kampanye paslon 2"} for n in range(5)
]


def feed_server(request: httpx.Request) -> httpx.Response:
    start = int(request.url.params.get("cursor", "0"))
    if request.headers.get("authorization") != "Bearer pull-token":
        return httpx.Response(401)
    page = ITEMS[start : start + 2]
    return httpx.Response(200, json={"items": page, "next_cursor": str(start + len(page))})


async def test_pages_follow_the_cursor_with_the_pull_token() -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(feed_server)) as client:
        pages = HttpFeedPages(
            client, url="http://feed/api", headers={"Authorization": "Bearer pull-token"}
        )
        first = await pages.fetch(None)
        second = await pages.fetch(first.next_cursor)
        last = await pages.fetch("4")
        without_token = HttpFeedPages(client, url="http://feed/api", headers={})
        with pytest.raises(FeedRefused, match="401"):
            await without_token.fetch(None)
    assert [i["nomor_laporan"] for i in first.items + second.items] == ["F-0", "F-1", "F-2", "F-3"]
    assert (second.next_cursor, last.next_cursor, len(last.items)) == ("4", "5", 1)


@pytest.mark.parametrize(
    ("response", "error", "says"),
    [
        (httpx.Response(503), FeedUnavailable, "503"),
        (httpx.Response(401), FeedRefused, "401"),
        (httpx.Response(200, content=b"<html>"), FeedRefused, "not {items, next_cursor}"),
        (httpx.Response(200, json={"items": [1, 2]}), FeedRefused, "not a list of objects"),
        (httpx.Response(200, json={"items": [], "next_cursor": [1]}), FeedRefused, "next_cursor"),
    ],
)
async def test_a_feed_answering_otherwise_is_named(
    response: httpx.Response, error: type[Exception], says: str
) -> None:
    transport = httpx.MockTransport(lambda _: response)
    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(error, match=says.replace("{", r"\{").replace("}", r"\}")):
            await HttpFeedPages(client, url="http://feed/api", headers={}).fetch(None)
