"""FastAPI dependencies: the bearer token of a request as `Staff` / `Actor`.

The web UI keeps the token in an HttpOnly cookie instead of a header; it calls
`staff_from_token(verifier_of(request), raw)` with the cookie's value.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.cases.adapters.staff_tokens import InvalidToken, Staff, TokenVerifier
from services.cases.domain.model import Actor
from services.common.problem import Problem

_bearer = HTTPBearer(auto_error=False, description="Staff JWT (`netra token issue`)")


def verifier_of(request: Request) -> TokenVerifier:
    verifier: TokenVerifier = request.app.state.token_verifier
    return verifier


def staff_from_token(verifier: TokenVerifier, raw: str | None) -> Staff:
    """Verify a raw token string; raises a 401 `Problem` when it is missing or bad."""
    if not raw:
        raise Problem(401, "Not authenticated", "a staff bearer token is required")
    try:
        return verifier.verify(raw)
    except InvalidToken as exc:
        raise Problem(401, "Invalid token", str(exc)) from exc


def current_staff(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Staff:
    token = credentials.credentials if credentials is not None else None
    return staff_from_token(verifier_of(request), token)


CurrentStaff = Annotated[Staff, Depends(current_staff)]


def current_actor(staff: CurrentStaff) -> Actor:
    return staff.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]
