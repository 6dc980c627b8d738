"""Bounded input at intake's edge: deep, long or wide bodies get a clear 4xx, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.common.rate_limit import RatePolicy
from services.intake.entrypoints.context import Intake
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeReportPublisher
from tests.service.intake.conftest import INPUT_LIMITS, intake_app

JSON = {"content-type": "application/json"}
VALID = {"channel": "web", "text": "Camat Sukarame hadir di kampanye paslon nomor 2."}


@pytest.fixture
def roomy(intake: Intake) -> Iterator[TestClient]:
    """The production body limit (64 KiB): room for 10,000 nested brackets."""
    unlimited = RatePolicy(per_second=1e9, burst=1_000_000)  # 429s are another file's
    app = intake_app(intake, clock=FakeClock(), filing=unlimited, max_body_bytes=64 * 1024)
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 10_000 + b"]" * 10_000,
        b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        b'{"channel": "web", "text": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    ],
    ids=["brackets", "objects", "in-a-field"],
)
def test_ten_thousand_levels_deep_is_a_400_naming_the_nesting(
    roomy: TestClient, raw: bytes, publisher: FakeReportPublisher
) -> None:
    response = roomy.post("/v1/reports", content=raw, headers=JSON)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "JSON nested too deeply" and body["limit"] == INPUT_LIMITS.max_depth
    assert "nesting depth" in body["detail"]
    assert publisher.published == []


def test_an_overlong_string_is_a_422_naming_the_field(roomy: TestClient) -> None:
    document = {**VALID, "reporter": {"address": "x" * (INPUT_LIMITS.max_string_chars + 1)}}
    response = roomy.post("/v1/reports", content=json.dumps(document), headers=JSON)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "reporter.address" and "string length" in error["message"]


def test_a_long_list_is_a_422_naming_where(roomy: TestClient) -> None:
    document = {**VALID, "tags": list(range(INPUT_LIMITS.max_items + 1))}
    response = roomy.post("/v1/reports", content=json.dumps(document), headers=JSON)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "tags"


def test_a_report_within_every_bound_is_accepted(roomy: TestClient) -> None:
    assert roomy.post("/v1/reports", json=VALID).status_code == 202


def test_a_form_with_too_many_fields_is_a_400_problem(roomy: TestClient) -> None:
    fields = {f"f{n}": "x" for n in range(INPUT_LIMITS.max_items + 1)}
    response = roomy.post("/lapor", data={**fields, "text": VALID["text"]})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_a_form_with_a_file_that_is_not_evidence_is_shown_again_naming_it(
    roomy: TestClient, publisher: FakeReportPublisher
) -> None:
    response = roomy.post(
        "/lapor", data={"text": VALID["text"]}, files={"evidence": ("a.txt", b"hello")}
    )
    assert response.status_code == 422
    assert "a.txt" in response.text
    assert publisher.published == []


def test_an_overlong_form_field_is_shown_again_naming_it(
    roomy: TestClient, publisher: FakeReportPublisher
) -> None:
    response = roomy.post(
        "/lapor",
        data={"text": VALID["text"], "address": "x" * (INPUT_LIMITS.max_string_chars + 1)},
    )
    assert response.status_code == 422
    assert "address" in response.text and "xxxxxxxxxx" not in response.text
    assert publisher.published == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(depth=st.integers(min_value=1, max_value=3 * INPUT_LIMITS.max_depth))
def test_nesting_is_refused_exactly_past_the_limit(roomy: TestClient, depth: int) -> None:
    nested = "[" * (depth - 1) + "1" + "]" * (depth - 1)
    raw = f'{{"channel": "web", "text": {nested}}}'.encode()  # the object is one level
    response = roomy.post("/v1/reports", content=raw, headers=JSON)
    if depth > INPUT_LIMITS.max_depth:
        assert response.status_code == 400 and response.json()["limit"] == INPUT_LIMITS.max_depth
    else:
        assert response.status_code == 422  # within bounds: the schema speaks (text is no list)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(length=st.integers(min_value=0, max_value=2 * INPUT_LIMITS.max_string_chars))
def test_an_address_is_refused_exactly_past_the_string_limit(
    roomy: TestClient, length: int
) -> None:
    document = {**VALID, "reporter": {"address": "x" * length}}
    response = roomy.post("/v1/reports", content=json.dumps(document), headers=JSON)
    if length > INPUT_LIMITS.max_string_chars:
        assert response.status_code == 422
        assert "string length" in response.json()["errors"][0]["message"]
    elif length > 500:  # the schema's own bound on an address
        assert response.status_code == 422
    else:
        assert response.status_code == 202
