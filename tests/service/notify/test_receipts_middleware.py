"""`ReceiptsMiddleware`: the route's answers byte for byte (status, headers, problem+json
body), the server span named as the route, a body in chunks, and every other request
passed on to the app behind it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.common.server_spans import ServerSpans
from services.common.standard_webhooks import signed_headers
from services.notify.entrypoints.receipts import PATH
from tests.fakes.notify import InMemoryReceipts
from tests.service.notify.test_receipts import NOW, SECRET, app_with, receipt

CASES = {
    "recorded": (receipt(), SECRET, 0),
    "bad-json": (b'{"message_id": "GW-1",', SECRET, 0),
    "missing-fields": (b'{"message_id": "GW-1"}', SECRET, 0),
    "bad-signature": (receipt(), "whsec_Zm9yZ2VkLWJ5LXNvbWVvbmUtZWxzZQ==", 0),
    "replayed": (receipt(), SECRET, -600),
    "unknown": (receipt("GW-404"), SECRET, 0),
}


def signed(body: bytes, secret: str = SECRET, shift_s: int = 0) -> dict[str, str]:
    at = int((NOW + timedelta(seconds=shift_s)).timestamp())
    headers = {"Content-Type": "application/json"}
    return headers | signed_headers(secret=secret, webhook_id="msg_1", timestamp=at, body=body)


Answer = tuple[int, list[tuple[str, str]], bytes, int]  # status, headers, body, recorded


def answer(served_by: str, body: bytes, secret: str, shift_s: int) -> Answer:
    recorder = InMemoryReceipts()
    client = TestClient(app_with(served_by, recorder))
    response = client.post(PATH, content=body, headers=signed(body, secret, shift_s))
    headers = sorted(response.headers.items())
    return response.status_code, headers, response.content, len(recorder.received)


@pytest.mark.parametrize(("body", "secret", "shift_s"), CASES.values(), ids=CASES.keys())
def test_the_middleware_answers_as_the_route_did(body: bytes, secret: str, shift_s: int) -> None:
    route = answer("route", body, secret, shift_s)
    assert answer("middleware", body, secret, shift_s) == route
    status, _, content, recorded = route
    assert (status, recorded) == ((204, 1) if status == 204 else (status, 0))
    assert status == 204 or b'"instance":"/v1/gateway/receipts"' in content


def test_bad_json_and_a_bad_signature_get_their_problems() -> None:
    status, headers, content, _ = answer("middleware", *CASES["bad-json"])
    assert status == 422 and ("content-type", "application/problem+json") in headers
    assert b'"title":"Not a delivery receipt"' in content
    status, _, content, _ = answer("middleware", *CASES["bad-signature"])
    assert status == 401 and b'"title":"Bad signature"' in content


def test_a_body_in_chunks_is_read_whole() -> None:
    recorder = InMemoryReceipts()
    client = TestClient(app_with("middleware", recorder))
    body = receipt()

    def chunks() -> Iterator[bytes]:
        yield body[:10]
        yield body[10:]

    response = client.post(PATH, content=chunks(), headers=signed(body))
    assert response.status_code == 204 and len(recorder.received) == 1


def test_other_requests_pass_on_to_the_app() -> None:
    app = app_with("middleware", InMemoryReceipts())

    @app.get(PATH)
    async def listed() -> dict[str, str]:
        return {"served": "by the app"}

    @app.post("/v1/gateway/other")
    async def other() -> dict[str, str]:
        return {"served": "by the app"}

    client = TestClient(app)
    assert client.get(PATH).json() == {"served": "by the app"}
    assert client.post("/v1/gateway/other", content=b"{}").json() == {"served": "by the app"}


def test_the_server_span_is_named_as_the_route() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app: FastAPI = app_with("middleware", InMemoryReceipts())
    app.add_middleware(ServerSpans, tracer_provider=provider)  # outside, as service_app puts it
    body = receipt()
    assert TestClient(app).post(PATH, content=body, headers=signed(body)).status_code == 204
    [span] = exporter.get_finished_spans()
    assert span.name == "POST /v1/gateway/receipts"
    assert span.attributes is not None and span.attributes["http.route"] == PATH
    assert span.attributes["http.response.status_code"] == 204
