"""The cases service's edge as bootstrap guards it: bounded bodies (before any parsing,
chunked too) and JSON, rate limits on the public lookup and sign-in, Secure cookies
only when a trusted proxy says TLS, and a token for the wrong key type a 401."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import RSAAlgorithm

from services.cases.adapters.staff_tokens import TokenVerifier
from services.cases.entrypoints.web.csrf import CSRF_COOKIE, CSRF_FIELD
from services.common.rate_limit import RatePolicy, TokenBuckets
from services.common.rate_limit_http import LimitedRoute
from tests.fakes.clock import FakeClock
from tests.service.cases.staff_support import (
    ISSUER,
    JSON_LIMITS,
    KEY,
    MAX_BODY_BYTES,
    StaffWorld,
    fake_staff_world,
    token,
)
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12")
CODE = "NTR-0000-0000-0000-0000"
BURST = 3
CSRF = "csrf-value-for-the-test"


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


def client_of(world: StaffWorld, peer: str = "192.0.2.10") -> httpx.AsyncClient:
    """From `peer`, holding the CSRF cookie a sign-in form needs."""
    transport = httpx.ASGITransport(app=world.app, client=(peer, 50000))
    client = httpx.AsyncClient(transport=transport, base_url="http://cases")
    client.cookies.set(CSRF_COOKIE, CSRF)
    return client


async def test_a_20_mb_body_is_a_413_problem_before_anything_reads_it(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    async with client_of(world) as http:
        response = await http.post(
            f"/v1/cases/{case_id}/notes", content=b"x" * (20 * 1024 * 1024), headers=BAWASLU
        )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert str(MAX_BODY_BYTES) in response.json()["detail"]


async def test_a_chunked_body_without_length_is_counted_too(world: StaffWorld) -> None:
    case_id, _ = await world.seed()

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b" " * 4096

    async with client_of(world) as http:
        response = await http.post(
            f"/v1/cases/{case_id}/notes",
            content=chunks(),
            headers={**BAWASLU, "content-type": "application/json"},
        )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


async def test_the_web_forms_are_bounded_too(world: StaffWorld) -> None:
    async with client_of(world) as http:
        response = await http.post("/login", data={"token": "x" * (MAX_BODY_BYTES + 1)})
    assert response.status_code == 413


async def test_json_nested_10000_deep_is_a_400_and_a_long_note_a_422(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    deep = b'{"text": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    long_text = json.dumps({"text": "x" * (JSON_LIMITS.max_string_chars + 1)})
    json_headers = {**BAWASLU, "content-type": "application/json"}
    async with client_of(world) as http:
        nested = await http.post(f"/v1/cases/{case_id}/notes", content=deep, headers=json_headers)
        long = await http.post(
            f"/v1/cases/{case_id}/notes", content=long_text, headers=json_headers
        )
    assert nested.status_code == 400 and nested.json()["title"] == "JSON nested too deeply"
    assert long.status_code == 422 and long.json()["errors"][0]["field"] == "text"
    assert (await world.document(case_id)).get("notes", []) == []


def limited_world(clock: FakeClock) -> StaffWorld:
    """Status lookups and sign-in with a burst of BURST per client, on the rate clock."""
    policy = RatePolicy(per_second=1.0, burst=BURST)
    limited = [
        LimitedRoute("GET", "/v1/status/", TokenBuckets(policy, clock=clock), prefix=True),
        LimitedRoute("POST", "/login", TokenBuckets(policy, clock=clock)),
    ]
    return fake_staff_world(packaged_policy(), clock=clock, limited=limited)


async def test_the_status_lookup_is_rate_limited_per_client_whatever_the_code() -> None:
    clock = FakeClock()
    world = limited_world(clock)
    async with client_of(world) as http, client_of(world, "192.0.2.99") as other:
        answers = [(await http.get(f"/v1/status/{CODE[:-1]}{n}")).status_code for n in range(3)]
        refused = await http.get("/v1/status/anything-at-all")
        elsewhere = await other.get(f"/v1/status/{CODE}")
        clock.advance(timedelta(seconds=1))
        again = await http.get(f"/v1/status/{CODE}")
    assert answers == [404] * BURST
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.headers["content-type"] == "application/problem+json"
    assert elsewhere.status_code == 404 and again.status_code == 404


async def test_a_malformed_tracking_code_is_a_400_naming_the_field(world: StaffWorld) -> None:
    async with client_of(world) as http:
        response = await http.get("/v1/status/NTR-12%27%20OR%201=1")
    assert response.status_code == 400 and response.json()["field"] == "tracking_code"


async def test_sign_in_is_rate_limited() -> None:
    world = limited_world(FakeClock())
    async with client_of(world) as http:
        form = {"token": "bad", CSRF_FIELD: CSRF}
        answers = [(await http.post("/login", data=form)).status_code for _ in range(BURST + 1)]
    assert answers == [401] * BURST + [429]


@pytest.mark.parametrize(
    ("peer", "proto", "secure"),
    [
        ("10.1.2.3", "https", True),  # a trusted proxy terminated TLS
        ("10.1.2.3", "http", False),
        ("192.0.2.10", "https", False),  # anyone else may claim anything: not believed
    ],
)
async def test_cookies_are_secure_when_a_trusted_proxy_says_tls(
    world: StaffWorld, peer: str, proto: str, secure: bool
) -> None:
    async with client_of(world, peer) as http:
        response = await http.post(
            "/login",
            data={"token": BAWASLU["Authorization"].removeprefix("Bearer "), CSRF_FIELD: CSRF},
            headers={"X-Forwarded-Proto": proto},
        )
    assert response.status_code == 303
    cookies = response.headers.get_list("set-cookie")
    assert len(cookies) == 2
    assert all(("; secure" in c.lower()) is secure for c in cookies)


async def test_a_token_for_another_key_type_is_a_401_problem_not_a_500(
    world: StaffWorld,
) -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**json.loads(RSAAlgorithm.to_jwk(rsa_key.public_key())), "kid": "idp-1"}
    world.app.state.token_verifier = TokenVerifier(
        issuer=ISSUER, shared_key=KEY, jwks=jwt.PyJWKSet.from_dict({"keys": [jwk]})
    )
    now = int(datetime.now(UTC).timestamp())
    claims: dict[str, object] = {"iss": ISSUER, "aud": "netra-staff", "sub": "s", "role": "admin"}
    claims |= {"iat": now, "exp": now + 600}
    ec_key = ec.generate_private_key(ec.SECP256R1())
    forged = jwt.encode(claims, ec_key, algorithm="ES256", headers={"kid": "idp-1"})
    genuine = jwt.encode(claims, rsa_key, algorithm="RS256", headers={"kid": "idp-1"})
    async with client_of(world) as http:
        refused = await http.get("/v1/stats", headers={"Authorization": f"Bearer {forged}"})
        accepted = await http.get("/v1/stats", headers={"Authorization": f"Bearer {genuine}"})
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert "ES256" in refused.json()["detail"]
    assert accepted.status_code == 200
