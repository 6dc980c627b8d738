"""Body bounds beside the hotline desk: its routes take evidence files, the rest does not.

The app's edge (`bootstrap.guard_edge`) bounds every body at the desk's limit; this inner
layer holds every other route to `MAX_BODY_BYTES` again, so a 50 MiB body is accepted only
where an operator attaches photos (the page `/desk` and `POST /v1/desk/reports`).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.limits import BodySizeLimit

DESK_PATHS = frozenset({"/desk", "/v1/desk/reports"})


class SmallBodiesBesideTheDesk:
    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.bounded = BodySizeLimit(app, limit=limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in DESK_PATHS:
            await self.app(scope, receive, send)
        else:
            await self.bounded(scope, receive, send)


def bound_bodies_beside_the_desk(app: FastAPI, *, limit: int) -> None:
    """Add before `guard_edge` (middleware added first runs innermost)."""
    app.add_middleware(SmallBodiesBesideTheDesk, limit=limit)
