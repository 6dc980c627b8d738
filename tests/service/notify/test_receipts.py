"""The gateway's delivery receipts at `POST /v1/gateway/receipts`: a signed receipt for a
message we sent is recorded; forged, replayed, malformed or unknown ones are refused with
problem+json and change nothing. Each test runs against the FastAPI route and against
`ReceiptsMiddleware` alone (no route behind it: what it does not answer is a 404)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from schemas.gateway import DeliveryReceipt
from services.common.problem import install_problem_handlers
from services.common.standard_webhooks import signed_headers
from services.notify.entrypoints.receipts import (
    ReceiptIntake,
    ReceiptsMiddleware,
    receipts_router,
)
from services.notify.service_layer.receipts import Receipts, SentMessages
from tests.fakes.clock import FakeClock
from tests.fakes.notify import InMemoryReceipts

SECRET = "whsec_Z2F0ZXdheS1jYWxsYmFjay1zZWNyZXQtZm9yLXRlc3Rz"
NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
NID = "NTF-0123456789ABCDEF0123456789ABCDEF"


def app_with(served_by: str, recorder: InMemoryReceipts) -> FastAPI:
    sent = SentMessages(10)
    sent.remember("GW-1", NID)
    sent.expect(NID + "-PENDING")
    app = FastAPI()
    install_problem_handlers(app)
    receipts = Receipts(sent=sent, recorder=recorder)
    if served_by == "route":
        app.include_router(
            receipts_router(receipts=receipts, callback_secret=SECRET, clock=FakeClock(NOW))
        )
    else:
        app.add_middleware(
            ReceiptsMiddleware, intake=ReceiptIntake(receipts, SECRET, FakeClock(NOW))
        )
    return app


@pytest.fixture(params=["route", "middleware"])
def world(request: pytest.FixtureRequest) -> tuple[TestClient, InMemoryReceipts]:
    recorder = InMemoryReceipts()
    return TestClient(app_with(request.param, recorder)), recorder


def receipt(message_id: str = "GW-1", reference: str = NID) -> bytes:
    body = DeliveryReceipt(message_id=message_id, reference=reference, status="delivered", at=NOW)
    return body.model_dump_json().encode()


def post(
    client: TestClient, body: bytes, *, secret: str = SECRET, at: datetime = NOW
) -> tuple[int, dict[str, object], str]:
    headers = {"Content-Type": "application/json"}
    headers |= signed_headers(
        secret=secret, webhook_id="msg_1", timestamp=int(at.timestamp()), body=body
    )
    response = client.post("/v1/gateway/receipts", content=body, headers=headers)
    return (
        response.status_code,
        response.json() if response.content else {},
        response.headers.get("content-type", ""),
    )


def test_a_signed_receipt_for_a_sent_message_is_recorded(
    world: tuple[TestClient, InMemoryReceipts],
) -> None:
    client, recorder = world
    status, _, _ = post(client, receipt())
    assert status == 204
    [(notification_id, recorded)] = recorder.received
    assert (notification_id, recorded.status, recorded.message_id) == (NID, "delivered", "GW-1")


def test_a_receipt_that_beats_the_gateways_answer_is_still_matched(
    world: tuple[TestClient, InMemoryReceipts],
) -> None:
    """Sent, its message id not read yet: the reference alone identifies it."""
    client, recorder = world
    status, _, _ = post(client, receipt("GW-2", NID + "-PENDING"))
    assert status == 204 and [nid for nid, _ in recorder.received] == [NID + "-PENDING"]


@pytest.mark.parametrize(
    ("body", "secret", "at", "status", "says"),
    [
        (receipt(), "whsec_Zm9yZ2VkLWJ5LXNvbWVvbmUtZWxzZQ==", NOW, 401, "does not verify"),
        (receipt(), SECRET, NOW - timedelta(minutes=10), 401, "outside the accepted window"),
        (b'{"message_id": "GW-1"}', SECRET, NOW, 422, "reference"),
        (b"not json", SECRET, NOW, 422, "invalid or missing"),
        (receipt("GW-404"), SECRET, NOW, 404, "GW-404"),
        (receipt(reference="NTF-SOMEONE-ELSES"), SECRET, NOW, 404, "NTF-SOMEONE-ELSES"),
        (receipt("GW-OTHER"), SECRET, NOW, 404, "GW-OTHER"),  # NID went out as GW-1
    ],
    ids=[
        "forged",
        "replayed",
        "missing-fields",
        "not-json",
        "unknown-message",
        "wrong-reference",
        "other-message-id",
    ],
)
def test_bad_receipts_are_refused_with_problem_json_and_change_nothing(
    world: tuple[TestClient, InMemoryReceipts],
    body: bytes,
    secret: str,
    at: datetime,
    status: int,
    says: str,
) -> None:
    client, recorder = world
    answered, problem, content_type = post(client, body, secret=secret, at=at)
    assert (answered, content_type) == (status, "application/problem+json")
    assert says in str(problem["detail"])
    assert list(recorder.received) == []


def test_an_unsigned_receipt_is_refused_naming_the_headers(
    world: tuple[TestClient, InMemoryReceipts],
) -> None:
    client, recorder = world
    response = client.post("/v1/gateway/receipts", content=receipt())
    assert response.status_code == 401 and "webhook-signature" in response.json()["detail"]
    assert list(recorder.received) == []
