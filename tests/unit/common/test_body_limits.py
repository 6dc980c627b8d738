"""BodySizeLimit at the ASGI level: the size counted as the body streams (declared or
chunked), JSON bounds checked before the app parses, and the app seeing the body whole."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from services.common.json_limits import JsonLimits
from services.common.limits import BodySizeLimit

LIMITS = JsonLimits(max_depth=8, max_string_chars=50, max_items=10)


class EchoApp:
    """Answers 200 with the body it read: proves what reached the route."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})


def call(
    app: BodySizeLimit, chunks: list[bytes], headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any] | bytes]:
    scope: Scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/things",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }
    messages: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": n < len(chunks) - 1}
        for n, chunk in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = sent[0]["status"]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    is_problem = (b"content-type", b"application/problem+json") in sent[0]["headers"]
    return status, json.loads(body) if is_problem else body


def test_a_chunked_body_without_length_is_refused_once_it_passes_the_limit() -> None:
    inner = EchoApp()
    status, problem = call(BodySizeLimit(inner, limit=100), [b"x" * 60, b"x" * 60, b"x" * 60])
    assert status == 413 and inner.calls == 0
    assert isinstance(problem, dict) and "100 bytes" in problem["detail"]


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    inner = EchoApp()
    status, _ = call(BodySizeLimit(inner, limit=100), [b"{}"], {"Content-Length": "20000000"})
    assert status == 413 and inner.calls == 0


def test_a_body_within_the_limit_reaches_the_app_whole() -> None:
    status, body = call(BodySizeLimit(EchoApp(), limit=100), [b"a" * 50, b"b" * 50])
    assert status == 200 and body == b"a" * 50 + b"b" * 50


def test_json_nested_too_deep_is_a_400_before_any_parser_recurses() -> None:
    inner = EchoApp()
    deep = b"[" * 10_000 + b"]" * 10_000
    app = BodySizeLimit(inner, limit=64 * 1024, json_limits=LIMITS)
    status, problem = call(app, [deep], {"Content-Type": "application/json"})
    assert status == 400 and inner.calls == 0
    assert isinstance(problem, dict) and problem["title"] == "JSON nested too deeply"
    assert problem["limit"] == LIMITS.max_depth


def test_an_overlong_string_is_a_422_naming_the_field() -> None:
    app = BodySizeLimit(EchoApp(), limit=64 * 1024, json_limits=LIMITS)
    raw = json.dumps({"note": {"text": "x" * 51}}).encode()
    status, problem = call(app, [raw], {"Content-Type": "application/merge-patch+json"})
    assert status == 422 and isinstance(problem, dict)
    assert problem["errors"] == [
        {"field": "note.text", "message": "string length exceeds the limit of 50"}
    ]


def test_malformed_json_and_other_media_types_pass_to_the_route() -> None:
    app = BodySizeLimit(EchoApp(), limit=64 * 1024, json_limits=LIMITS)
    assert call(app, [b"{not json"], {"Content-Type": "application/json"}) == (200, b"{not json")
    deep_form = b"a=" + b"[" * 100
    assert call(app, [deep_form], {"Content-Type": "application/x-www-form-urlencoded"})[0] == 200
