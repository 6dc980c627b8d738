"""Staff tokens: what verifies, what is refused, and the `netra token issue` CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from typer.testing import CliRunner

from services.cases.adapters.staff_tokens import InvalidToken, TokenVerifier, issue_token, parse_ttl
from services.cases.domain.vocabulary import Role
from services.cases.entrypoints.cli import app

KEY = "unit-test-key-unit-test-key-unit-test-key"
NOW = datetime.now(UTC)
VERIFIER = TokenVerifier(issuer="netra-dev", shared_key=KEY)


def signed(**overrides: object) -> str:
    claims: dict[str, object] = {
        "iss": "netra-dev",
        "aud": "netra-staff",
        "sub": "u1",
        "name": "Siti",
        "role": "bawaslu",
        "region": "18.12",
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + timedelta(hours=1)).timestamp()),
    }
    claims.update(overrides)
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, KEY, algorithm="HS256")


def test_a_development_token_becomes_an_actor() -> None:
    token = issue_token(
        shared_key=KEY,
        issuer="netra-dev",
        role=Role.PPK,
        name="Bupati",
        region="18.12",
        agency="PEMKAB:18.12",
        now=NOW,
        ttl=timedelta(hours=8),
    )
    staff = VERIFIER.verify(token)
    assert staff.actor.role == Role.PPK and staff.actor.agency == "PEMKAB:18.12"
    assert staff.subject == "dev:ppk:Bupati"


@pytest.mark.parametrize(
    "token",
    [
        signed(aud="someone-else"),
        signed(iss="evil"),
        signed(exp=int((NOW - timedelta(hours=1)).timestamp())),
        signed(role="system"),
        signed(role="superuser"),
        signed(sub=None),
        jwt.encode({"role": "admin"}, key="", algorithm="none"),
        "not.a.token",
    ],
    ids=["audience", "issuer", "expired", "system", "unknown-role", "no-sub", "alg-none", "junk"],
)
def test_bad_tokens_are_refused(token: str) -> None:
    with pytest.raises(InvalidToken):
        VERIFIER.verify(token)


def test_an_identity_provider_key_set_verifies_rs256() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    jwks = jwt.PyJWKSet.from_dict({"keys": [{**jwk, "kid": "idp1", "alg": "RS256"}]})
    verifier = TokenVerifier(issuer="https://idp.example", jwks=jwks)
    now = datetime.now(UTC)  # not the module's NOW: collection may be minutes earlier
    claims = {
        "iss": "https://idp.example",
        "aud": "netra-staff",
        "sub": "x",
        "role": "bkn",
        "region": "RI",
        "iat": int(now.timestamp()),
        "exp": int(now.timestamp()) + 60,
    }
    token = jwt.encode(claims, private, algorithm="RS256", headers={"kid": "idp1"})
    assert verifier.verify(token).actor.role == Role.BKN
    with pytest.raises(InvalidToken):  # HS256 is off when no shared key is configured
        verifier.verify(signed(iss="https://idp.example"))


@pytest.mark.parametrize(("text", "hours"), [("8h", 8), ("30m", 0.5), ("2d", 48), ("90s", 0.025)])
def test_ttl(text: str, hours: float) -> None:
    assert parse_ttl(text) == timedelta(hours=hours)


def test_ttl_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="TTL"):
        parse_ttl("soon")


def test_cli_issues_a_token_the_verifier_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAFF_JWT_SHARED_KEY", KEY)
    result = CliRunner().invoke(
        app, ["issue", "--role", "bawaslu", "--region", "18", "--name", "Siti", "--ttl", "1h"]
    )
    assert result.exit_code == 0, result.output
    staff = VERIFIER.verify(result.output.strip())
    assert (staff.actor.role, staff.actor.region, staff.actor.name) == (Role.BAWASLU, "18", "Siti")


def test_cli_refuses_unknown_roles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAFF_JWT_SHARED_KEY", KEY)
    result = CliRunner().invoke(app, ["issue", "--role", "system", "--name", "x"])
    assert result.exit_code != 0
