"""Refuse request bodies over a size limit, or JSON outside its bounds, before a route runs.

The body is read here, counted as it streams (a chunked body without Content-Length
too), and handed on only once it is whole and within the limit: a route, or FastAPI's
own body parsing (which would turn an exception raised mid-read into a 400), never
sees an oversized body. Buffering is bounded by the limit itself.

With `json_limits`, a JSON body (application/json or any +json type) is also checked
for nesting depth, string lengths and item counts (json_limits.py) before any parser
recurses into it. A body that is not valid JSON passes on: the route's own validation
names what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.json_limits import JsonLimits, JsonOutOfBounds, MalformedJson, load_json
from services.common.problem import send_problem
from services.common.rate_limit_http import ClientAddress, LimitedRoute, RateLimit
from services.common.settings import ServiceSettings


class BodySizeLimit:
    """ASGI middleware: 413 on a declared or streamed body larger than `limit` bytes."""

    def __init__(self, app: ASGIApp, *, limit: int, json_limits: JsonLimits | None = None) -> None:
        self.app = app
        self.limit = limit
        self.json_limits = json_limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send, scope["path"])
            return
        chunks: list[bytes] = []
        received = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: nothing to answer
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.limit:
                await self._refuse(send, scope["path"])
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        limits = self.json_limits if _is_json(headers.get(b"content-type")) else None
        if (
            limits is not None
            and body
            and not await _within_json_limits(body, limits, send, scope["path"])
        ):
            return
        await self.app(scope, _replaying(body, receive), send)

    async def _refuse(self, send: Send, path: str) -> None:
        await send_problem(
            send,
            status=413,
            title="Request body too large",
            detail=f"the body exceeds the limit of {self.limit} bytes",
            instance=path,
        )


async def _within_json_limits(body: bytes, limits: JsonLimits, send: Send, path: str) -> bool:
    try:
        load_json(body, limits)
    except MalformedJson:
        return True  # the route's own parsing answers with its 4xx
    except JsonOutOfBounds as exc:
        if exc.what == "nesting depth":
            status, title = 400, "JSON nested too deeply"
            extra: dict[str, Any] = {"limit": exc.limit}
        else:
            field = exc.where.removeprefix("$").removeprefix(".") or "body"
            message = f"{exc.what} exceeds the limit of {exc.limit}"
            status, title = 422, "Invalid request"
            extra = {"errors": [{"field": field, "message": message}]}
        await send_problem(
            send, status=status, title=title, detail=str(exc), instance=path, extra=extra
        )
        return False
    return True


def _is_json(content_type: bytes | None) -> bool:
    media = (content_type or b"").split(b";")[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")


def _replaying(body: bytes, receive: Receive) -> Receive:
    """The whole body as one message, then the client's own messages (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def guard_inputs(
    app: Starlette,
    *,
    max_body_bytes: int,
    json_limits: JsonLimits | None,
    limited: Sequence[LimitedRoute],
    clients: ClientAddress,
) -> None:
    """Rate limits outermost (a refused client costs no body read), then the body bounds."""
    app.add_middleware(BodySizeLimit, limit=max_body_bytes, json_limits=json_limits)
    app.add_middleware(RateLimit, routes=limited, clients=clients)


def guard_unlimited_inputs(app: Starlette, settings: ServiceSettings) -> None:
    """`guard_inputs` for a service with no rate-limited route: the body and JSON bounds
    of its settings."""
    guard_inputs(
        app,
        max_body_bytes=settings.max_body_bytes,
        json_limits=json_limits_of(settings),
        limited=(),
        clients=ClientAddress(settings.trusted_proxies),
    )


def json_limits_of(settings: ServiceSettings) -> JsonLimits:
    return JsonLimits(
        max_depth=settings.json_max_depth,
        max_string_chars=settings.json_max_string_chars,
        max_items=settings.json_max_items,
    )
