"""The HTTP shell of a consumer service: lifespan runs the broker and background tasks."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import REGISTRY

from services.common.http import ops_router
from services.common.problem import install_problem_handlers
from services.common.runtime import BrokerConnection, background

TaskFactory = Callable[[], Coroutine[Any, Any, None]]


def service_app(
    *,
    title: str,
    connection: BrokerConnection,
    tracer_provider: TracerProvider,
    tasks: tuple[TaskFactory, ...] = (),
    on_start: Callable[[], Awaitable[None]] | None = None,
    on_stop: Callable[[], Awaitable[None]] | None = None,
) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if on_start is not None:
            await on_start()
        try:
            async with connection.running(), background(*(task() for task in tasks)):
                yield
        finally:
            if on_stop is not None:
                await on_stop()

    app = FastAPI(title=title, version="1", lifespan=lifespan)
    install_problem_handlers(app)

    async def ready() -> bool:
        return connection.ready.is_set()

    app.include_router(ops_router(registry=REGISTRY, ready=ready))
    FastAPIInstrumentor.instrument_app(app, tracer_provider=tracer_provider)
    return app
