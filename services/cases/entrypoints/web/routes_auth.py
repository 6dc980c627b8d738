"""Sign in by pasting a token; sign out."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from services.cases.entrypoints.web.deps import Form, first
from services.cases.entrypoints.web.session import (
    SignInRequired,
    end_session,
    start_session,
    verify,
)
from services.cases.entrypoints.web.templating import page_for, render
from services.cases.entrypoints.web.web_route import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect to another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
async def login_form(request: Request) -> Response:
    page = page_for(request)
    next_url = safe_next(request.query_params.get("next"))
    return render(page, "login.html", next_url=next_url, error=None)


@router.post("/login")
async def login(request: Request, form: Form) -> Response:
    token = first(form, "token") or ""
    try:
        verify(request, token)
    except SignInRequired:
        page = page_for(request)
        error = page.tr.t("login.invalid")
        return render(page, "login.html", 401, next_url=safe_next(first(form, "next")), error=error)
    response = RedirectResponse(safe_next(first(form, "next")), status_code=303)
    start_session(request, response, token)
    return response


@router.post("/logout")
async def logout(request: Request, form: Form) -> Response:
    response = RedirectResponse("/login", status_code=303)
    end_session(response)
    return response
