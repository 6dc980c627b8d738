"""Per-request values of the workspace: the signed-in page and a CSRF-checked form.

The store, read side, deadline policy and clock come from `entrypoints/deps.py`, the same
dependencies the JSON API uses, so the two apply one configuration.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.cases.entrypoints.web.csrf import CSRF_COOKIE, CSRF_FIELD, csrf_ok
from services.cases.entrypoints.web.session import CsrfRejected, signed_in
from services.cases.entrypoints.web.templating import Page, page_for

FormValues = dict[str, list[str]]


def signed_in_page(request: Request) -> Page:
    """Raises SignInRequired (the route class redirects) before any case data is read."""
    return page_for(request, signed_in(request).actor)


async def checked_form(request: Request) -> FormValues:
    form = await request.form()
    values: FormValues = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    submitted = values.get(CSRF_FIELD, [None])[0]
    if not csrf_ok(request.cookies.get(CSRF_COOKIE), submitted):
        raise CsrfRejected
    return values


def first(values: FormValues, key: str) -> str | None:
    found = values.get(key)
    return found[0].strip() if found and found[0].strip() else None


UiPage = Annotated[Page, Depends(signed_in_page)]
Form = Annotated[FormValues, Depends(checked_form)]
