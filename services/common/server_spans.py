"""One server span per HTTP request, continuing the caller's trace: a lean ASGI middleware.

It replaces OpenTelemetry's FastAPI instrumentation, which cost ~240 us of CPU per request
(its route search, a dozen attributes, request/response size histograms), ~30% of what
intake spends on a report (docs/decisions.md, "Throughput: the bench counts every
process"). Kept: a SERVER span per request named `<method> <route template>`, its
method, path, route and status code, an error status on 5xx or an exception, and the
incoming `traceparent`/`tracestate`/`baggage` continued, so X-Trace-Id and the trace the
report carries onward are the caller's when it sent one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PROPAGATED = frozenset({b"traceparent", b"tracestate", b"baggage"})


class ServerSpans:
    def __init__(self, app: ASGIApp, tracer_provider: trace.TracerProvider) -> None:
        self.app = app
        self.tracer = tracer_provider.get_tracer("netra.http")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope["headers"]
            if name in PROPAGATED
        }
        parent = propagate.extract(carrier) if carrier else None
        method = scope["method"]
        status: list[int] = []

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            await send(message)

        with self.tracer.start_as_current_span(
            method,
            context=parent,
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method, "url.path": scope["path"]},
        ) as span:
            try:
                await self.app(scope, receive, sending)
            finally:
                route = getattr(scope.get("route"), "path", None)
                if route is not None:
                    span.update_name(f"{method} {route}")
                    span.set_attribute("http.route", route)
                if status:
                    span.set_attribute("http.response.status_code", status[0])
                    if status[0] >= 500:
                        span.set_status(Status(StatusCode.ERROR))
