"""`POST /v1/reports` with a JSON body, answered without FastAPI's routing.

Every report a citizen's app or the web client posts takes this path. `ReportsMiddleware`
sits inside the app's server span and outside nothing of intake's own (the rate limits
and body bounds are outer middlewares, bootstrap.py); it answers with `file_json`, the
route's own code, so status, headers and bodies are the route's byte for byte. What it
skips is FastAPI's route search, dependency solving, request object and exception
middleware (docs/decisions.md, "Intake's and triage's CPU per report"). A multipart body
or any other media type goes on to the route, which stays for the OpenAPI document.
"""

from __future__ import annotations

from starlette.datastructures import URL, Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.direct_route import RouteName, request_body
from services.common.problem import Problem, problem_answer
from services.intake.entrypoints.context import Intake
from services.intake.entrypoints.http import file_json

PATH = "/v1/reports"


class ReportsMiddleware:
    def __init__(self, app: ASGIApp, *, intake: Intake) -> None:
        self.app = app
        self.intake = intake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_json_report(scope):
            await self.app(scope, receive, send)
            return
        body = await request_body(receive)
        if body is None:  # the client went away: nothing to answer
            return
        scope["route"] = RouteName(PATH)
        try:
            response = await file_json(body, self.intake)
        except Problem as exc:
            response = problem_answer(exc, instance=URL(scope=scope).path)
        await response(scope, receive, send)


def _is_json_report(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
        return False
    content_type = Headers(scope=scope).get("content-type", "")
    return content_type.split(";")[0].strip().lower() == "application/json"
