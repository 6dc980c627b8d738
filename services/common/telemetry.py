"""OpenTelemetry: one tracer provider per process, trace context in Kafka headers.

A batch consumer handles many messages under one span (FastStream's, linked to each),
so work done for one message continues that message's trace explicitly: its headers are
kept as a `TraceCarrier` and the work runs inside `continuing(carrier)`.
"""

from __future__ import annotations

import contextlib
import re
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

# As the W3C propagator reads the header (opentelemetry's TraceContextTextMapPropagator).
_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?")
_NO_TRACE, _NO_SPAN = "0" * 32, "0" * 16


def carried_ids(carrier: TraceCarrier) -> tuple[str, str] | None:
    """(trace id, traceparent) of the carrier's valid W3C `traceparent`, as `continuing`
    then `current_trace_id` / `current_traceparent` give them; None without one (ask those
    then). For a message of a batch that needs only its ids: entering and leaving its
    context, and writing the header back, cost several times the parse."""
    header = carrier.get("traceparent")
    found = _TRACEPARENT.fullmatch(header.strip()) if header else None
    if (
        found is None
        or found[1] == "ff"
        or (found[1] == "00" and found[5])
        or found[2] == _NO_TRACE
        or found[3] == _NO_SPAN
    ):
        return None
    return found[2], f"00-{found[2]}-{found[3]}-{found[4]}"


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
