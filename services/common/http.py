"""Health, readiness and Prometheus metrics routes shared by every service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from services.common.problem import problem_response

ReadinessCheck = Callable[[], Awaitable[bool]]
BackgroundProblems = Callable[[], list[str]]


def ops_router(
    *, registry: CollectorRegistry, ready: ReadinessCheck, background: BackgroundProblems
) -> APIRouter:
    """`/ready`: 503 naming every background task that is not running, else 503 when a
    dependency check fails, else 200."""
    router = APIRouter(tags=["ops"])

    @router.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready", response_model=None)
    async def readiness() -> Response | dict[str, str]:
        if stalled := background():
            return problem_response(
                503, "Not ready", "background task not running: " + "; ".join(stalled)
            )
        if await ready():
            return {"status": "ready"}
        return problem_response(503, "Not ready", "a dependency is unavailable")

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router
