from __future__ import annotations

from services.cases.entrypoints.web.csrf import csrf_ok, new_csrf_token
from services.cases.entrypoints.web.routes_auth import safe_next


def test_tokens_are_random_and_long() -> None:
    first, second = new_csrf_token(), new_csrf_token()
    assert first != second and len(first) >= 40


def test_double_submit_requires_both_and_equal() -> None:
    token = new_csrf_token()
    assert csrf_ok(token, token)
    assert not csrf_ok(token, token + "x")
    assert not csrf_ok(None, token)
    assert not csrf_ok(token, None)
    assert not csrf_ok("", "")


def test_sign_in_only_redirects_within_the_site() -> None:
    assert safe_next("/cases/C-1") == "/cases/C-1"
    assert safe_next("https://evil.example/") == "/"
    assert safe_next("//evil.example/") == "/"
    assert safe_next("/\\evil.example") == "/"
    assert safe_next(None) == "/"
