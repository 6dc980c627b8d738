"""Who the client is and whether it came over TLS: believed from trusted proxies only."""

from __future__ import annotations

import pytest
from starlette.types import Scope

from services.common.rate_limit_http import ClientAddress

CLIENTS = ClientAddress(["10.0.0.0/8"])


def scope(peer: str, scheme: str = "http", **headers: str) -> Scope:
    raw = [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    return {"type": "http", "client": (peer, 5000), "scheme": scheme, "headers": raw}


def test_an_untrusted_peer_is_the_client_whatever_it_forwards() -> None:
    assert CLIENTS.of(scope("192.0.2.1", x_forwarded_for="198.51.100.7")) == "192.0.2.1"


def test_a_trusted_proxy_names_the_right_most_untrusted_hop() -> None:
    forwarded = scope("10.0.0.1", x_forwarded_for="1.2.3.4, 198.51.100.7, 10.0.0.9")
    assert CLIENTS.of(forwarded) == "198.51.100.7"


def test_a_trusted_peer_forwarding_no_client_is_not_limited_as_one() -> None:
    assert CLIENTS.of(scope("10.0.0.1")) is None


@pytest.mark.parametrize(
    ("peer", "scheme", "proto", "seen"),
    [
        ("10.0.0.1", "http", "https", "https"),
        ("10.0.0.1", "http", "http, https", "https"),  # the nearest proxy's value counts
        ("10.0.0.1", "http", "gopher", "http"),
        ("192.0.2.1", "http", "https", "http"),  # not a trusted proxy: not believed
        ("192.0.2.1", "https", "http", "https"),  # TLS to us directly
    ],
)
def test_the_scheme_comes_from_a_trusted_proxy_only(
    peer: str, scheme: str, proto: str, seen: str
) -> None:
    assert CLIENTS.scheme(scope(peer, scheme, x_forwarded_proto=proto)) == seen
