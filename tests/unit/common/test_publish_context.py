"""Publishing carries the report's trace in its headers without opening spans of its own."""

from __future__ import annotations

import asyncio

from faststream._internal.context import ContextRepo
from faststream.kafka.response import KafkaPublishCommand
from faststream.response.publish_type import PublishType
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.common.kafka_telemetry import ConsumeSpansMiddleware
from services.common.telemetry import continuing, current_trace_id, trace_context


def published_headers(middleware: ConsumeSpansMiddleware) -> dict[str, str]:
    command = KafkaPublishCommand(
        b"{}", topic="t", key=b"k", headers={"ce_type": "x"}, _publish_type=PublishType.PUBLISH
    )

    async def sent(cmd: KafkaPublishCommand) -> dict[str, str]:
        return dict(cmd.headers)

    scope = middleware(None, context=ContextRepo()).publish_scope(sent, command)
    return asyncio.run(scope)


def test_the_current_trace_goes_out_in_the_headers_and_no_span_is_opened() -> None:
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    middleware = ConsumeSpansMiddleware(tracer_provider=provider)
    with provider.get_tracer("test").start_as_current_span("the request") as request:
        headers = published_headers(middleware)
        trace_id = current_trace_id()
    assert headers["ce_type"] == "x"
    # The next hop continues the same trace (what `netra trace` and X-Trace-Id show) ...
    with continuing(headers):
        assert current_trace_id() == trace_id == format(request.get_span_context().trace_id, "032x")
    # ... and the only span is the caller's: publishing added none.
    assert [s.name for s in spans.get_finished_spans()] == ["the request"]


def test_without_a_current_trace_nothing_is_added() -> None:
    headers = published_headers(ConsumeSpansMiddleware(tracer_provider=TracerProvider()))
    assert headers == {"ce_type": "x"}


def test_the_stored_trace_context_keeps_the_trace_and_drops_the_other_headers() -> None:
    provider = TracerProvider()
    middleware = ConsumeSpansMiddleware(tracer_provider=provider)
    with provider.get_tracer("test").start_as_current_span("the request"):
        headers = published_headers(middleware) | {"correlation_id": "c-1", "baggage": "k=v"}
        trace_id = current_trace_id()
    kept = trace_context(headers)
    assert set(kept) == {"traceparent", "baggage"}  # not ce_type nor correlation_id
    with continuing(kept):
        assert current_trace_id() == trace_id
