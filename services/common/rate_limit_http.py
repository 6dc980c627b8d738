"""Per-client rate limits on chosen routes, as ASGI middleware: 429 problem+json, Retry-After.

The client is the peer address, or, when the peer is a trusted proxy, the right-most
address in `X-Forwarded-For` that is not itself a trusted proxy (the one the nearest
trusted proxy saw; entries left of it are whatever the client chose to send).

A trusted peer that names no client speaks for itself: one of our own services (intake
asking cases for a citizen's status, already limited per citizen at intake) is not
limited again as if all citizens were one client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

from prometheus_client import Counter
from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.problem import send_problem
from services.common.rate_limit import TokenBuckets

RATE_LIMITED = Counter(
    "netra_http_rate_limited_total", "Requests refused by a per-client rate limit", ["route"]
)
MAX_CLIENT_KEY_CHARS = 64


@dataclass(frozen=True)
class LimitedRoute:
    """`path` exactly, or, with `prefix`, every path under it (`/v1/status/` + a code)."""

    method: str
    path: str
    buckets: TokenBuckets
    prefix: bool = False


class ClientAddress:
    def __init__(self, trusted_proxies: Sequence[str]) -> None:
        self.trusted = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]

    def of(self, scope: Scope) -> str | None:
        """The client's key, or None for a trusted peer that forwards no client."""
        client = scope.get("client")
        peer = str(client[0]) if client else "unknown"
        if not self._is_trusted(peer):
            return peer
        forwarded = ",".join(
            value.decode("latin-1")
            for name, value in scope["headers"]
            if name.lower() == b"x-forwarded-for"
        )
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self._is_trusted(hop):
                return hop[:MAX_CLIENT_KEY_CHARS]
        return hops[0][:MAX_CLIENT_KEY_CHARS] if hops else None

    def scheme(self, scope: Scope) -> str:
        """`https` when the request came over TLS: to us, or to a trusted proxy that says so
        in `X-Forwarded-Proto` (its right-most value: the one the nearest proxy set)."""
        client = scope.get("client")
        if not (client and self._is_trusted(str(client[0]))):
            return str(scope.get("scheme", "http"))
        proto = [
            value.decode("latin-1")
            for name, value in scope["headers"]
            if name.lower() == b"x-forwarded-proto"
        ]
        hops = [hop.strip().lower() for hop in ",".join(proto).split(",") if hop.strip()]
        if hops and hops[-1] in ("http", "https"):
            return hops[-1]
        return str(scope.get("scheme", "http"))

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)


class RateLimit:
    def __init__(
        self, app: ASGIApp, *, routes: Sequence[LimitedRoute], clients: ClientAddress
    ) -> None:
        self.app = app
        self.routes = {(r.method.upper(), r.path): r.buckets for r in routes if not r.prefix}
        self.prefixes = [(r.method.upper(), r.path, r.buckets) for r in routes if r.prefix]
        self.clients = clients

    def _limit_for(self, method: str, path: str) -> tuple[str, TokenBuckets] | None:
        """The route's configured path (a bounded metric label, not the client's) and buckets."""
        exact = self.routes.get((method, path))
        if exact is not None:
            return path, exact
        for limited_method, prefix, buckets in self.prefixes:
            if method == limited_method and path.startswith(prefix):
                return prefix, buckets
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            limit = self._limit_for(scope["method"], scope["path"])
            client = None if limit is None else self.clients.of(scope)
            if limit is not None and client is not None:
                route, buckets = limit
                decision = buckets.take(client)
                if not decision.allowed:
                    RATE_LIMITED.labels(route=route).inc()
                    await send_problem(
                        send,
                        status=429,
                        title="Too many requests",
                        detail=f"slow down: try again in {decision.retry_after_s} s",
                        instance=scope["path"],
                        headers={"Retry-After": str(decision.retry_after_s)},
                    )
                    return
        await self.app(scope, receive, send)
