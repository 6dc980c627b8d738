"""A route class that turns auth and access failures into pages, not problem+json.

Inside the workspace a 401 sends the browser to sign in and a 403/404 shows a friendly
page in the user's language; the JSON API keeps its problem+json answers.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from services.cases.domain.errors import CaseNotFound, EvidenceNotFound, Forbidden, NotAllowed
from services.cases.entrypoints.staff_errors import WARMING_RETRY_AFTER_S
from services.cases.entrypoints.web.session import CsrfRejected, SignInRequired
from services.cases.entrypoints.web.templating import page_for, render
from services.cases.read_models.staff_view import ViewWarming
from services.common.problem import Problem

Endpoint = Callable[[Request], Coroutine[Any, Any, Response]]


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = request.url.path if request.method == "GET" else "/"
    return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)


def error_page(request: Request, status: int, message_key: str) -> Response:
    page = page_for(request)
    return render(page, "error.html", status, message=page.tr.t(message_key), sign_in=False)


def page_for_failure(request: Request, exc: Exception) -> Response | None:
    status = exc.status if isinstance(exc, Problem) else None
    if isinstance(exc, SignInRequired) or status == 401:
        return sign_in_redirect(request)
    if isinstance(exc, CsrfRejected):
        return error_page(request, 403, "error.csrf")
    if isinstance(exc, CaseNotFound | EvidenceNotFound) or status == 404:
        return error_page(request, 404, "error.404")
    if isinstance(exc, Forbidden | NotAllowed) or status == 403:
        return error_page(request, 403, "error.403")
    if isinstance(exc, ViewWarming):
        page = error_page(request, 503, "error.warming")
        page.headers["Retry-After"] = str(WARMING_RETRY_AFTER_S)
        return page
    return None


class WebRoute(APIRoute):
    def get_route_handler(self) -> Endpoint:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                response = page_for_failure(request, exc)
                if response is None:
                    raise
                return response

        return handle
