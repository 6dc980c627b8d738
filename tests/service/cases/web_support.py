"""Signed-in workspace clients for the web tests on the fakes: the session cookie holds
the staff token, the CSRF cookie a known value that forms repeat in `CSRF_FIELD`."""

from __future__ import annotations

import httpx

from services.cases.entrypoints.web.csrf import CSRF_COOKIE, CSRF_FIELD
from services.cases.entrypoints.web.session import SESSION_COOKIE
from tests.service.cases.staff_support import StaffWorld, token

CSRF = "csrf-value-for-the-web-tests"


def signed_in(
    world: StaffWorld, role: str, region: str | None, *, name: str = "Petugas Uji"
) -> httpx.AsyncClient:
    """A client of the world's app as that staff member (no redirects followed)."""
    bearer = token(role, region, name=name)["Authorization"].removeprefix("Bearer ")
    client = world.client()
    client.cookies.update({SESSION_COOKIE: bearer, CSRF_COOKIE: CSRF})
    return client


def form(**values: str) -> dict[str, str]:
    return {**values, CSRF_FIELD: CSRF}
