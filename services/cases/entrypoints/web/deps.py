"""Per-request values of the workspace: the signed-in page, a CSRF-checked form, the repo."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from services.cases.domain.case_deadlines import DeadlinePolicy, default_deadline_policy
from services.cases.entrypoints.web.csrf import CSRF_COOKIE, CSRF_FIELD, csrf_ok
from services.cases.entrypoints.web.session import CsrfRejected, signed_in
from services.cases.entrypoints.web.templating import Page, page_for

FormValues = dict[str, list[str]]


def deadline_policy(request: Request) -> DeadlinePolicy:
    policy = getattr(request.app.state, "deadline_policy", None)
    return policy if isinstance(policy, DeadlinePolicy) else default_deadline_policy()


def signed_in_page(request: Request) -> Page:
    """Raises SignInRequired (the route class redirects) before any case data is read."""
    page = page_for(request, signed_in(request).actor)
    page.warn_before = deadline_policy(request).warn_before
    return page


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


def repo_of(request: Request) -> Any:
    return request.app.state.repo


UiPage = Annotated[Page, Depends(signed_in_page)]
Form = Annotated[FormValues, Depends(checked_form)]
Repo = Annotated[Any, Depends(repo_of)]
