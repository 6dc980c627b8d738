"""Per-client rate limits on chosen routes, as ASGI middleware: 429 problem+json, Retry-After.

The client is the peer address, or, when the peer is a trusted proxy, the right-most
address in `X-Forwarded-For` that is not itself a trusted proxy (the one the nearest
trusted proxy saw; entries left of it are whatever the client chose to send).
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
    method: str
    path: str
    buckets: TokenBuckets


class ClientAddress:
    def __init__(self, trusted_proxies: Sequence[str]) -> None:
        self.trusted = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]

    def of(self, scope: Scope) -> str:
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
        return hops[0][:MAX_CLIENT_KEY_CHARS] if hops else peer

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
        self.routes = {(r.method.upper(), r.path): r.buckets for r in routes}
        self.clients = clients

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            buckets = self.routes.get((scope["method"], scope["path"]))
            if buckets is not None:
                decision = buckets.take(self.clients.of(scope))
                if not decision.allowed:
                    RATE_LIMITED.labels(route=scope["path"]).inc()
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
