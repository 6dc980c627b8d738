"""Publishing carries the report's trace in its headers without opening spans of its own:
`send_event` (every event Netra publishes) and the broker middleware's publish scope."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import orjson
from faststream._internal.context import ContextRepo
from faststream.kafka.response import KafkaPublishCommand
from faststream.response.publish_type import PublishType
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import REGISTRY
from pydantic import BaseModel

from schemas.envelope import Envelope
from services.common.event_sending import send_event
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


class _Data(BaseModel):
    a: str


class _Producer:
    """What `send_event` reaches for: aiokafka's `send`, recording each record."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes, bytes, dict[str, str]]] = []

    async def send(
        self, topic: str, *, value: bytes, key: bytes, headers: list[tuple[str, bytes]]
    ) -> asyncio.Future[None]:
        self.sent.append((topic, value, key, {k: v.decode() for k, v in headers}))
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


def _broker_around(producer: _Producer) -> Any:
    """FastStream's broker as far as `producer_of` sees it."""
    return SimpleNamespace(_producer=SimpleNamespace(_producer=SimpleNamespace(producer=producer)))


def _sent_through_send_event(provider: TracerProvider) -> tuple[_Producer, str | None]:
    producer = _Producer()
    envelope = Envelope[_Data](source="netra/test", type="x.happened", data=_Data(a="b"))

    async def send() -> None:
        await (await send_event(_broker_around(producer), envelope, topic="t.v1", key="case-1"))

    with provider.get_tracer("test").start_as_current_span("the request"):
        asyncio.run(send())
        trace_id = current_trace_id()
    [(topic, value, key, headers)] = producer.sent
    assert (topic, key) == ("t.v1", b"case-1")
    assert orjson.loads(value)["id"] == str(envelope.id)
    assert headers["ce_type"] == "x.happened" and headers["ce_id"] == str(envelope.id)
    return producer, trace_id


def test_send_event_carries_the_trace_the_type_and_the_id_and_counts_the_event() -> None:
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    before = REGISTRY.get_sample_value("netra_events_published_total", {"topic": "t.v1"}) or 0.0
    producer, trace_id = _sent_through_send_event(provider)
    headers = producer.sent[0][3]
    with continuing(headers):
        assert current_trace_id() == trace_id
    assert [s.name for s in spans.get_finished_spans()] == ["the request"]
    after = REGISTRY.get_sample_value("netra_events_published_total", {"topic": "t.v1"})
    assert after == before + 1
