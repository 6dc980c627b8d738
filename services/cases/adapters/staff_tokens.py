"""Staff JWTs: verify bearer tokens into an `Actor`, and sign development tokens.

Two key sources, both from settings: an HS256 shared key (development, or a small
deployment) and a JWK set of an external identity provider (RS256/ES256/EdDSA). The
algorithm list is fixed per key type so a token can never pick `none` or downgrade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from pydantic import ValidationError

from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role

AUDIENCE = "netra-staff"
ASYMMETRIC_ALGORITHMS = ("RS256", "ES256", "EdDSA")
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub", "role")
STAFF_ROLES = tuple(r for r in Role if r != Role.SYSTEM)
_TTL = re.compile(r"^(\d+)([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class InvalidToken(Exception):
    """The bearer token is missing, malformed, expired, or not ours."""


@dataclass(frozen=True)
class Staff:
    """An authenticated staff member: the token subject plus the domain's `Actor`."""

    subject: str
    actor: Actor


@dataclass(frozen=True)
class TokenVerifier:
    issuer: str
    audience: str = AUDIENCE
    shared_key: str | None = None
    jwks: jwt.PyJWKSet | None = None
    leeway_s: int = 30

    def verify(self, token: str) -> Staff:
        try:
            key, algorithms = self._key_for(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=list(algorithms),
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_s,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        except (TypeError, ValueError) as exc:  # a key the library cannot use for this token
            raise InvalidToken(f"the token does not fit the configured key: {exc}") from exc
        return staff_from_claims(claims)

    def _key_for(self, token: str) -> tuple[Any, tuple[str, ...]]:
        """The key for the token's `alg` (and `kid`), with that one algorithm alone: a token
        naming ES256 is never checked against an RSA key (which raised a TypeError: a 500)."""
        header = jwt.get_unverified_header(token)
        alg = header.get("alg")
        if alg == "HS256" and self.shared_key:
            return self.shared_key, ("HS256",)
        if self.jwks is not None and alg in ASYMMETRIC_ALGORITHMS:
            kid = header.get("kid")
            matching = [
                k
                for k in self.jwks.keys
                if (kid is None or k.key_id == kid) and k.algorithm_name == alg
            ]
            if matching:
                return matching[0].key, (alg,)
            raise InvalidToken(f"no configured key for algorithm {alg} and key id {kid!r}")
        raise InvalidToken("no configured key verifies this token")


def staff_from_claims(claims: dict[str, Any]) -> Staff:
    role = claims.get("role")
    if role not in {r.value for r in STAFF_ROLES}:
        raise InvalidToken(f"unknown staff role {role!r}")
    subject = str(claims["sub"])
    try:
        actor = Actor(
            name=str(claims.get("name") or subject),
            role=Role(role),
            region=claims.get("region") or None,
            agency=claims.get("agency") or None,
            subject=subject,
        )
    except ValidationError as exc:
        raise InvalidToken("malformed staff claims") from exc
    return Staff(subject=subject, actor=actor)


def parse_ttl(text: str) -> timedelta:
    """`8h`, `30m`, `2d`, `900s`."""
    match = _TTL.match(text.strip())
    if match is None:
        raise ValueError(f"invalid TTL {text!r}; use e.g. 8h, 30m, 2d")
    return timedelta(seconds=int(match[1]) * _UNIT_SECONDS[match[2]])


def issue_token(
    *,
    shared_key: str,
    issuer: str,
    role: Role,
    name: str,
    region: str | None,
    agency: str | None = None,
    subject: str | None = None,
    now: datetime,
    ttl: timedelta,
    audience: str = AUDIENCE,
) -> str:
    """An HS256 token for development and tests; production tokens come from the IdP."""
    if role == Role.SYSTEM:
        raise ValueError("system is not a staff role")
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": subject or f"dev:{role.value}:{name}",
        "name": name,
        "role": role.value,
        "region": region,
        "agency": agency,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
    }
    return jwt.encode(claims, shared_key, algorithm="HS256")
