"""Health, readiness and Prometheus metrics routes shared by every service.

`/ready` asks every named check at once, each within a short timeout, and answers 503
problem+json naming the ones that are down. A check is one dependency or one part of
the process (Kafka, the store, the spool's room, ...): a new kind joins the list.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest

from services.common.problem import problem_response

BackgroundProblems = Callable[[], list[str]]

READY_CHECK_UP = Gauge(
    "netra_ready_check_up", "1 when the named readiness check passed at the last /ready", ["check"]
)


@dataclass(frozen=True)
class ReadinessCheck:
    """`probe` answers True while `name` is usable; raising or timing out counts as down."""

    name: str
    probe: Callable[[], Awaitable[bool]]


async def _passes(check: ReadinessCheck, timeout_s: float) -> bool:
    try:
        return bool(await asyncio.wait_for(check.probe(), timeout_s))
    except Exception:  # a failing probe is the answer "down", not a 500 from /ready
        return False


async def check_all(checks: Sequence[ReadinessCheck], *, timeout_s: float) -> dict[str, bool]:
    results = await asyncio.gather(*(_passes(check, timeout_s) for check in checks))
    return {check.name: result for check, result in zip(checks, results, strict=True)}


def ops_router(
    *,
    registry: CollectorRegistry,
    checks: Sequence[ReadinessCheck],
    check_timeout_s: float,
    background: BackgroundProblems,
) -> APIRouter:
    """`/ready`: 503 naming the dependency checks that are down and every background task
    that is not running (each under its own key), else 200."""
    router = APIRouter(tags=["ops"])

    @router.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/ready",
        response_model=None,
        responses={503: {"description": "Not ready: the problem names the checks that are down"}},
    )
    async def readiness() -> Response | dict[str, object]:
        results = await check_all(checks, timeout_s=check_timeout_s)
        for name, up in results.items():
            READY_CHECK_UP.labels(check=name).set(1 if up else 0)
        states = {name: "up" if up else "down" for name, up in results.items()}
        down = [name for name, up in results.items() if not up]
        stalled = background()
        if not down and not stalled:
            return {"status": "ready", "checks": states}
        why = [f"unavailable: {', '.join(down)}"] if down else []
        why += [f"background task not running: {problem}" for problem in stalled]
        return problem_response(
            503, "Not ready", "; ".join(why), checks=states, down=down, background=stalled
        )

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router
