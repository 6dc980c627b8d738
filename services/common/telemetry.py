"""OpenTelemetry: one tracer provider per process, trace context in Kafka headers.

A batch consumer handles many messages under one span (FastStream's, linked to each),
so work done for one message continues that message's trace explicitly: its headers are
kept as a `TraceCarrier` and the work runs inside `continuing(carrier)`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor


def configure_tracing(*, service: str, otlp_endpoint: str | None) -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({"service.name": f"netra-{service}"}))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=f"{otlp_endpoint.rstrip('/')}/v1/traces")
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return provider


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None


def current_traceparent() -> str | None:
    from opentelemetry.propagate import inject

    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier.get("traceparent")


TraceCarrier = Mapping[str, str]  # W3C trace context headers (traceparent, tracestate)


def trace_context(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers the configured propagators read (W3C: traceparent, tracestate, baggage):
    what `continuing` needs of a message's headers, for a carrier that is stored."""
    fields = propagate.get_global_textmap().fields
    return {name: value for name, value in headers.items() if name in fields}


@contextlib.contextmanager
def continuing(carrier: TraceCarrier) -> Iterator[None]:
    """Make the carrier's trace the current one for the block (no carrier: unchanged)."""
    if not carrier:
        yield
        return
    token = context.attach(propagate.extract(carrier))
    try:
        yield
    finally:
        context.detach(token)
