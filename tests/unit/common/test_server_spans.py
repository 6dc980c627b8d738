"""One server span per request, continuing the caller's trace (services/common/server_spans)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from services.common.server_spans import ServerSpans
from services.common.telemetry import current_trace_id

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def traced_app() -> tuple[TestClient, InMemorySpanExporter]:
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    app = FastAPI()

    @app.post("/v1/items/{item}", status_code=202)
    async def accept(item: str) -> dict[str, str | None]:
        return {"trace": current_trace_id()}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("boom")

    app.add_middleware(ServerSpans, tracer_provider=provider)
    return TestClient(app, raise_server_exceptions=False), spans


def test_a_request_continues_the_callers_trace_in_one_server_span() -> None:
    client, spans = traced_app()
    parent = f"00-{CALLER_TRACE}-00f067aa0ba902b7-01"
    response = client.post("/v1/items/RPT-1", headers={"traceparent": parent})
    assert response.status_code == 202 and response.json() == {"trace": CALLER_TRACE}
    [span] = spans.get_finished_spans()
    assert span.name == "POST /v1/items/{item}" and span.kind is SpanKind.SERVER
    assert span.context is not None and format(span.context.trace_id, "032x") == CALLER_TRACE
    assert span.attributes is not None
    assert span.attributes["http.response.status_code"] == 202
    assert span.attributes["url.path"] == "/v1/items/RPT-1"


def test_without_a_caller_trace_a_new_one_starts_and_a_failure_marks_the_span() -> None:
    client, spans = traced_app()
    first = client.post("/v1/items/a").json()["trace"]
    second = client.post("/v1/items/b").json()["trace"]
    assert first and second and first != second
    assert client.get("/boom").status_code == 500
    failed = spans.get_finished_spans()[-1]
    assert failed.name == "GET /boom" and failed.status.status_code is StatusCode.ERROR
