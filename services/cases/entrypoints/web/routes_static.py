"""The workspace's two static files, served by name from the package (no directory walk)."""

from __future__ import annotations

from importlib import resources
from typing import Final

from fastapi import APIRouter, Response

from services.common.problem import Problem

MEDIA_TYPES: Final = {
    "workspace.css": "text/css; charset=utf-8",
    "workspace.js": "text/javascript; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
}
router = APIRouter(include_in_schema=False)


def static_text(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text("utf-8")


@router.get("/static/{name}")
async def static_file(name: str) -> Response:
    media_type = MEDIA_TYPES.get(name)
    if media_type is None:
        raise Problem(404, "Not found", "no such static file")
    headers = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}
    return Response(static_text(name), media_type=media_type, headers=headers)
