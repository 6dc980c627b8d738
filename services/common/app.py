"""The HTTP shell of a consumer service: lifespan runs the broker and background tasks."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from faststream.kafka import KafkaBroker
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import REGISTRY
from starlette.middleware import Middleware

from services.common.heap import keep_settled, tune_collector, watch_pauses
from services.common.http import ReadinessCheck, ops_router
from services.common.kafka import make_broker
from services.common.logging import configure_logging
from services.common.problem import install_problem_handlers
from services.common.runtime import BrokerConnection
from services.common.server_spans import ServerSpans
from services.common.settings import ServiceSettings
from services.common.supervised import (
    BackgroundTask,
    Backoff,
    Supervisor,
    background_problems,
)
from services.common.telemetry import configure_tracing

NO_NATIVE_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


@dataclass(frozen=True)
class Runtime:
    """What every service process has: logs, a tracer, a broker and its connection."""

    service: str
    tracer_provider: TracerProvider
    broker: KafkaBroker
    connection: BrokerConnection
    ready_check_timeout_s: float
    gc_settle_interval_s: float


def start_runtime(settings: ServiceSettings, *, service: str) -> Runtime:
    configure_logging(
        service=service,
        level=settings.log_level,
        repeats_per_window=settings.log_repeats_per_window,
        repeat_window_s=settings.log_repeat_window_s,
    )
    tracer_provider = configure_tracing(
        service=service, otlp_endpoint=settings.otel_exporter_otlp_endpoint
    )
    broker = make_broker(
        connection=settings.kafka_connection,
        service=service,
        tracer_provider=tracer_provider,
        registry=REGISTRY,
        linger_ms=settings.kafka_linger_ms,
    )
    connection = BrokerConnection(broker)
    watch_pauses()
    tune_collector(settings.gc_young_threshold)
    return Runtime(
        service,
        tracer_provider,
        broker,
        connection,
        settings.ready_check_timeout_s,
        settings.gc_settle_interval_s,
    )


def service_app(
    runtime: Runtime,
    *,
    title: str,
    tasks: tuple[BackgroundTask, ...] = (),
    on_start: Callable[[], Awaitable[None]] | None = None,
    on_stop: Callable[[], Awaitable[None]] | None = None,
    ready_checks: tuple[ReadinessCheck, ...] = (),
    inner_middleware: Sequence[Middleware] = (),
) -> FastAPI:
    """`/ready` is 200 only while Kafka answers a ping, every `ready_checks` passes and
    every background task runs (each under the supervisor: restarted after a crash).

    `inner_middleware` (first outermost) runs inside the server span and the body limits
    added later: a hot route served there skips FastAPI's routing and request objects."""
    heap = BackgroundTask("heap", lambda: keep_settled(runtime.gc_settle_interval_s))
    supervisor = Supervisor((*tasks, heap), backoff=Backoff())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if on_start is not None:
            await on_start()
        try:
            async with runtime.connection.running(), supervisor.running():
                yield
        finally:
            if on_stop is not None:
                await on_stop()

    # FastAPI's native telemetry turns itself on once a global tracer provider is set (as
    # configure_tracing sets it) and opens a second server span per request (~120 us of
    # CPU): ServerSpans below is the one server span.
    app = FastAPI(title=title, version="1", lifespan=lifespan, telemetry=NO_NATIVE_TELEMETRY)
    install_problem_handlers(app)

    kafka = ReadinessCheck("kafka", runtime.connection.reachable)
    app.include_router(
        ops_router(
            registry=REGISTRY,
            checks=(kafka, *ready_checks),
            check_timeout_s=runtime.ready_check_timeout_s,
            background=lambda: background_problems(supervisor),
        )
    )
    for middleware in reversed(inner_middleware):
        app.add_middleware(middleware.cls, *middleware.args, **middleware.kwargs)
    # One server span per request (services/common/server_spans.py: what the OpenTelemetry
    # FastAPI instrumentation gave, at a fraction of its CPU per request).
    app.add_middleware(ServerSpans, tracer_provider=runtime.tracer_provider)
    return app
