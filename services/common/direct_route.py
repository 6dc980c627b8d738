"""What a middleware answering one route itself (ahead of FastAPI's router) needs.

Intake's `POST /v1/reports` (JSON) and notify's `POST /v1/gateway/receipts` are served by
pure ASGI middlewares inside the server span and the body guards (docs/decisions.md,
"Intake's and triage's CPU per report"); the route stays for the OpenAPI document.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Message, Receive


@dataclass(frozen=True)
class RouteName:
    """What the server span reads from `scope["route"]` to name itself (server_spans.py)."""

    path: str


async def request_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when the client went away before sending it."""
    chunks: list[bytes] = []
    while True:
        message: Message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)
