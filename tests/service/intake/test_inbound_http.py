"""`POST /v1/gateway/inbound` on fakes: signed calls taken; forged, replayed, malformed refused."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from services.common.standard_webhooks import signed_headers
from services.intake.entrypoints.context import Intake
from tests.service.intake.inbound_fixtures import NUMBER, SECRET, Desk, inbound_app, make_desk

BODY = {
    "message_id": "GW-IN-000045",
    "channel": "whatsapp",
    "from": NUMBER,
    "to": "+62811000000",
    "text": "Lapor: camat ikut kampanye di Desa Sukamaju",
    "received_at": "2024-11-04T08:59:58Z",
}


@pytest.fixture
def desk(intake: Intake) -> Desk:
    return make_desk(intake, burst=3)


@pytest.fixture
def client(desk: Desk) -> TestClient:
    return TestClient(inbound_app(desk))


def post(
    client: TestClient,
    desk: Desk,
    body: bytes,
    *,
    webhook_id: str = "msg_1",
    secret: str = SECRET,
    age: timedelta = timedelta(0),
    content_type: str = "application/json",
) -> tuple[int, dict[str, object]]:
    timestamp = int((desk.clock.now() - age).timestamp())
    headers = signed_headers(secret=secret, webhook_id=webhook_id, timestamp=timestamp, body=body)
    response = client.post(
        "/v1/gateway/inbound", content=body, headers=headers | {"Content-Type": content_type}
    )
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert NUMBER.lstrip("+") not in response.text
    return response.status_code, response.json()


def encoded(**changes: object) -> bytes:
    return json.dumps(BODY | changes).encode()


def test_a_signed_message_is_taken_as_a_report_part(client: TestClient, desk: Desk) -> None:
    status, answer = post(client, desk, encoded())
    assert (status, answer) == (202, {"message_id": "GW-IN-000045", "outcome": "joining"})
    assert list(desk.journal.parts) == ["GW-IN-000045"]


def test_a_forged_signature_is_refused(client: TestClient, desk: Desk) -> None:
    status, problem = post(client, desk, encoded(), secret="not-the-gateway")
    assert status == 401 and "does not verify" in str(problem["detail"])
    assert desk.journal.parts == {}


def test_a_body_changed_after_signing_is_refused(client: TestClient, desk: Desk) -> None:
    headers = signed_headers(secret=SECRET, webhook_id="m", timestamp=0, body=b"{}")
    headers["webhook-timestamp"] = str(int(desk.clock.now().timestamp()))
    response = client.post("/v1/gateway/inbound", content=encoded(), headers=headers)
    assert response.status_code == 401 and desk.journal.parts == {}


def test_unsigned_calls_are_refused(client: TestClient) -> None:
    response = client.post("/v1/gateway/inbound", content=encoded())
    assert response.status_code == 401 and "missing webhook-id" in response.json()["detail"]


def test_a_replay_of_an_old_call_is_refused(client: TestClient, desk: Desk) -> None:
    status, problem = post(client, desk, encoded(), age=timedelta(minutes=6))
    assert status == 401 and "outside the accepted window" in str(problem["detail"])


def test_a_replay_inside_the_window_is_refused(client: TestClient, desk: Desk) -> None:
    assert post(client, desk, encoded())[0] == 202
    status, problem = post(client, desk, encoded(message_id="GW-OTHER"))  # same webhook-id
    assert status == 409 and problem["title"] == "Already taken"
    assert list(desk.journal.parts) == ["GW-IN-000045"]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"{not json", "body"),
        (encoded(**{"from": "0812-not-e164"}), "from"),
        (encoded(channel="telegram"), "channel"),
        (encoded(extra="field"), "extra"),
        (encoded(media=[{"url": "u", "content_type": "x", "size": 1}] * 11), "media"),
    ],
)
def test_a_malformed_body_is_refused_naming_the_field(
    client: TestClient, desk: Desk, body: bytes, named: str
) -> None:
    status, problem = post(client, desk, body)
    assert status == 422 and named in str(problem["detail"])
    assert desk.journal.parts == {}


def test_a_body_that_is_not_json_by_type_is_refused(client: TestClient, desk: Desk) -> None:
    assert post(client, desk, encoded(), content_type="text/plain")[0] == 415


def test_a_sender_over_its_rate_gets_429_with_retry_after(client: TestClient, desk: Desk) -> None:
    for n in range(3):
        assert post(client, desk, encoded(message_id=f"GW-{n}"), webhook_id=f"m{n}")[0] == 202
    status, problem = post(client, desk, encoded(message_id="GW-9"), webhook_id="m9")
    assert status == 429 and "too fast" in str(problem["detail"])
