"""`ReportsMiddleware`: the route's answers to a JSON report byte for byte (status, headers,
problem+json body), the server span named as the route with the trace id it answers, and
every other request (multipart, other media types, other paths) passed on to the app."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.common.server_spans import ServerSpans
from services.intake.entrypoints.context import Intake
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeReportPublisher, FakeSpool
from tests.service.intake.conftest import MAX_JSON_BYTES, intake_app

VALID = {
    "channel": "web",
    "text": "Camat Sukarame hadir di kampanye paslon nomor 2 di lapangan.",
    "reporter": {"name": "Rina Pelapor", "phone": "+6281234567890"},
}
CASES: dict[str, tuple[bytes, str]] = {
    "published": (json.dumps(VALID).encode(), "acks"),
    "spooled": (json.dumps(VALID).encode(), "down"),
    "not-saved": (json.dumps(VALID).encode(), "down, spool full"),
    "malformed": (b'{"channel": "web",', "acks"),
    "not-utf8": (b'{"text": "\xff"}', "acks"),
    "too-deep": (b"[" * 40 + b"]" * 40, "acks"),
    "too-long": (json.dumps({**VALID, "text": "x" * 20_001}).encode(), "acks"),
    "over-json-bytes": (json.dumps({**VALID, "pad": "x" * MAX_JSON_BYTES}).encode(), "acks"),
    "invalid-fields": (json.dumps({"channel": "web", "text": "short"}).encode(), "acks"),
    "not-public": (json.dumps({**VALID, "channel": "sms"}).encode(), "acks"),
    "feed-field": (json.dumps({**VALID, "source_id": "X-1"}).encode(), "acks"),
}
Answer = tuple[int, list[tuple[str, str]], bytes, int, int]


def app_for(intake: Intake, broker: str, *, middleware: bool) -> tuple[FastAPI, Intake]:
    own = replace(intake, publisher=FakeReportPublisher(), spool=FakeSpool())
    assert isinstance(own.publisher, FakeReportPublisher) and isinstance(own.spool, FakeSpool)
    own.publisher.unreachable = broker != "acks"
    own.spool.max_reports = 0 if "spool full" in broker else 10
    app = intake_app(
        own, clock=FakeClock(), max_body_bytes=4 * MAX_JSON_BYTES, reports_middleware=middleware
    )
    return app, own


def answer(intake: Intake, body: bytes, broker: str, *, middleware: bool) -> Answer:
    app, own = app_for(intake, broker, middleware=middleware)
    assert isinstance(own.publisher, FakeReportPublisher) and isinstance(own.spool, FakeSpool)
    response = TestClient(app).post(
        "/v1/reports", content=body, headers={"content-type": "application/json; charset=utf-8"}
    )
    content = response.content
    if response.status_code == 202:  # new ids each time: the rest must be the same
        receipt = response.json()
        content = json.dumps({**receipt, "report_id": "R", "tracking_code": "T", "status_url": "U"})
        content = content.encode()
    headers = sorted(
        (name, value if name not in {"content-length", "x-trace-id"} else "")
        for name, value in response.headers.items()
    )
    return response.status_code, headers, content, len(own.publisher.published), len(own.spool)


@pytest.mark.parametrize(("body", "broker"), CASES.values(), ids=CASES.keys())
def test_answers_as_the_route_does(intake: Intake, body: bytes, broker: str) -> None:
    by_route = answer(intake, body, broker, middleware=False)
    assert answer(intake, body, broker, middleware=True) == by_route


def test_the_cases_cover_every_answer(intake: Intake) -> None:
    statuses = {answer(intake, *case, middleware=True)[0] for case in CASES.values()}
    assert statuses == {202, 400, 413, 422, 503}


def traced(intake: Intake) -> tuple[TestClient, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = intake_app(intake, clock=FakeClock())
    app.add_middleware(ServerSpans, tracer_provider=provider)  # outside, as service_app puts it
    return TestClient(app), exporter


def test_a_json_report_is_traced_as_the_route(intake: Intake) -> None:
    client, exporter = traced(intake)
    response = client.post("/v1/reports", json=VALID)
    [span] = exporter.get_finished_spans()
    assert response.status_code == 202 and span.name == "POST /v1/reports"
    assert span.context is not None
    assert response.headers["x-trace-id"] == format(span.context.trace_id, "032x")


def test_multipart_and_other_media_types_go_on_to_the_route(intake: Intake) -> None:
    client, exporter = traced(intake)
    files = {"report": (None, json.dumps(VALID), "application/json")}
    assert client.post("/v1/reports", files=files).status_code == 202
    refused = client.post("/v1/reports", content=b"text", headers={"content-type": "text/plain"})
    assert refused.status_code == 415 and refused.json()["title"] == "Unsupported media type"
    assert client.get("/v1/reports").status_code == 405
    names = [span.name for span in exporter.get_finished_spans()]
    assert names == ["POST /v1/reports", "POST /v1/reports", "GET /v1/reports"]
