"""Staff authentication: JWT bearer tokens -> the domain's `Actor`."""

from services.cases.auth.deps import (
    CurrentActor,
    CurrentStaff,
    current_actor,
    current_staff,
    staff_from_token,
    verifier_of,
)
from services.cases.auth.keys import build_verifier, shared_key
from services.cases.auth.tokens import (
    AUDIENCE,
    InvalidToken,
    Staff,
    TokenVerifier,
    issue_token,
    parse_ttl,
)

__all__ = [
    "AUDIENCE",
    "CurrentActor",
    "CurrentStaff",
    "InvalidToken",
    "Staff",
    "TokenVerifier",
    "build_verifier",
    "current_actor",
    "current_staff",
    "issue_token",
    "parse_ttl",
    "shared_key",
    "staff_from_token",
    "verifier_of",
]
