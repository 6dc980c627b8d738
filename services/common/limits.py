"""Refuse request bodies over a size limit before anything parses them."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.problem import send_problem


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """ASGI middleware: 413 on a declared or streamed body larger than `limit` bytes."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send, scope["path"])
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await self._refuse(send, scope["path"])

    async def _refuse(self, send: Send, path: str) -> None:
        await send_problem(
            send,
            status=413,
            title="Request body too large",
            detail=f"the body exceeds the limit of {self.limit} bytes",
            instance=path,
        )
