"""Jinja2 environment and the per-request values every page gets (language, CSRF, actor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from services.cases.domain.access import may_file_by_phone
from services.cases.domain.model import Actor
from services.cases.entrypoints.deps import clock_of, policy_of
from services.cases.entrypoints.web import deadline_view
from services.cases.entrypoints.web.csrf import CSRF_COOKIE, CSRF_FIELD, new_csrf_token
from services.cases.entrypoints.web.i18n import LANG_COOKIE, Translator, choose_language
from services.cases.entrypoints.web.regions import region_label
from services.cases.entrypoints.web.template_globals import GLOBALS
from services.common.rate_limit_http import ClientAddress

COOKIE_MAX_AGE_S = 12 * 3600


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("services.cases.entrypoints.web", "templates"),
        autoescape=select_autoescape(("html",)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local_time"] = deadline_view.local_time
    env.globals["region_label"] = region_label
    env.globals["may_file_by_phone"] = may_file_by_phone

    env.globals.update(GLOBALS)
    return env


@dataclass
class Page:
    """What base.html needs; routes add their own values in `render(..., **values)`."""

    request: Request
    tr: Translator
    csrf_token: str
    now: datetime  # the app's clock (entrypoints/deps), so a page and its action agree
    warn_before: timedelta  # the configured deadline policy's warning window
    actor: Actor | None = None
    set_csrf_cookie: bool = False
    set_lang_cookie: bool = False


def page_for(request: Request, actor: Actor | None = None) -> Page:
    """The page values of this request; clock and policy are the ones bootstrap configured."""
    query_lang = request.query_params.get("lang")
    tr = Translator(choose_language(query_lang, request.cookies.get(LANG_COOKIE)))
    existing = request.cookies.get(CSRF_COOKIE)
    return Page(
        request=request,
        tr=tr,
        csrf_token=existing or new_csrf_token(),
        now=clock_of(request).now(),
        warn_before=policy_of(request).warn_before,
        actor=actor,
        set_csrf_cookie=existing is None,
        set_lang_cookie=query_lang == tr.language,
    )


def secure_cookies(request: Request) -> bool:
    """Over TLS, to us or to a trusted proxy that says so (X-Forwarded-Proto)."""
    clients: ClientAddress = request.app.state.clients
    return clients.scheme(request.scope) == "https"


def remember(response: HTMLResponse, page: Page) -> HTMLResponse:
    secure = secure_cookies(page.request)
    if page.set_csrf_cookie:
        response.set_cookie(
            CSRF_COOKIE,
            page.csrf_token,
            max_age=COOKIE_MAX_AGE_S,
            httponly=True,
            samesite="strict",
            secure=secure,
            path="/",
        )
    if page.set_lang_cookie:
        response.set_cookie(
            LANG_COOKIE,
            page.tr.language,
            max_age=365 * 86400,
            httponly=True,
            samesite="lax",
            secure=secure,
            path="/",
        )
    return response


PAGE_DEFAULTS: dict[str, Any] = {"active": None, "flash": None, "flash_kind": None}


def render(page: Page, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    values = {**PAGE_DEFAULTS, **values}
    html = (
        environment()
        .get_template(template)
        .render(
            page=page,
            tr=page.tr,
            t=page.tr.t,
            actor=page.actor,
            csrf_field=CSRF_FIELD,
            csrf_token=page.csrf_token,
            **values,
        )
    )
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    return remember(response, page)
