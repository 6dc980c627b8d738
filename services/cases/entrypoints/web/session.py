"""The signed-in staff member: the JWT kept in an HttpOnly, SameSite=Strict cookie."""

from __future__ import annotations

from typing import Final

from fastapi import Request, Response

from services.cases.adapters.staff_tokens import InvalidToken, Staff
from services.cases.entrypoints.auth import verifier_of
from services.cases.entrypoints.web.csrf import CSRF_COOKIE, new_csrf_token
from services.cases.entrypoints.web.templating import COOKIE_MAX_AGE_S, secure_cookies

SESSION_COOKIE: Final = "netra_session"


class SignInRequired(Exception):
    """No session cookie, or its token no longer verifies (expired, rotated key)."""


class CsrfRejected(Exception):
    """A form came without the session's CSRF token."""


def verify(request: Request, raw: str | None) -> Staff:
    if not raw:
        raise SignInRequired
    try:
        return verifier_of(request).verify(raw.strip())
    except InvalidToken as exc:
        raise SignInRequired from exc


def signed_in(request: Request) -> Staff:
    return verify(request, request.cookies.get(SESSION_COOKIE))


def start_session(request: Request, response: Response, token: str) -> None:
    """Keep the token and rotate the CSRF value, so each session has its own."""
    secure = secure_cookies(request)
    response.set_cookie(
        SESSION_COOKIE,
        token.strip(),
        max_age=COOKIE_MAX_AGE_S,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        new_csrf_token(),
        max_age=COOKIE_MAX_AGE_S,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
