"""Schemathesis over intake's OpenAPI, in process on the in-memory fakes.

Every operation intake declares is fuzzed with schema-conforming and schema-violating
requests (bodies, form fields, query strings, headers). No answer may be a server
error, except the documented 503 of a filing route (with Retry-After), which the
second schema provokes with the broker away and a spool that holds two reports.

Here rather than under tests/faults/: it needs no Kafka or store (a faults-marked
test starts both), and on the fakes it runs ~1,000+ requests in seconds, so it runs
with the service suite on every `make test-unit`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from services.common.crypto import new_key_spec, parse_keyring
from services.common.rate_limit import RatePolicy
from services.intake.domain.feed_identity import parse_feed_tokens
from services.intake.entrypoints.context import Intake
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeEvidenceStore, FakeReportPublisher, FakeSpool, FakeStatusSource
from tests.service.intake.conftest import EVIDENCE_LIMITS, INPUT_LIMITS, MAX_JSON_BYTES, intake_app

EXAMPLES_PER_OPERATION = 150
MIN_REQUESTS = 1_150  # with cases', notify's and triage's: at least 5,000 in all
FILING_ROUTES = {("POST", "/v1/reports"), ("POST", "/lapor")}
# Rate limits out of the fuzzer's way: their 429s are tested in test_rate_limits.py.
UNLIMITED = RatePolicy(per_second=1e9, burst=1_000_000)

answered: Counter[tuple[str, int]] = Counter()


def fuzzed_app(*, broker_up: bool) -> FastAPI:
    intake = Intake(
        keyring=parse_keyring(new_key_spec()),
        publisher=FakeReportPublisher(unreachable=not broker_up),
        spool=FakeSpool(max_reports=2),
        statuses=FakeStatusSource(),
        clock=FakeClock(),
        publish_timeout_s=0.05,
        status_base_url="http://cases.test",
        input_limits=INPUT_LIMITS,
        retry_after_s=30,
        feeds=parse_feed_tokens(None),
        evidence_store=FakeEvidenceStore(),
        evidence_limits=EVIDENCE_LIMITS,
        max_json_bytes=MAX_JSON_BYTES,
    )
    return intake_app(
        intake, clock=FakeClock(), filing=UNLIMITED, lookups=UNLIMITED, max_body_bytes=64 * 1024
    )


def check(case: schemathesis.Case[Any], *, may_be_full: bool) -> None:
    response = case.call()
    operation = (case.operation.method.upper(), case.operation.path)
    answered[(case.operation.path, response.status_code)] += 1
    if may_be_full and operation in FILING_ROUTES and response.status_code == 503:
        assert "retry-after" in {name.lower() for name in response.headers}
        return
    assert response.status_code < 500, (operation, response.status_code, response.text[:500])


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,  # the same requests every run: a failure reproduces
    database=None,
    suppress_health_check=list(HealthCheck),
)

broker_up = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app(broker_up=True))
broker_down = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app(broker_up=False))


@broker_up.parametrize()
@FUZZ_SETTINGS
def test_no_server_error_with_the_broker_up(case: schemathesis.Case[Any]) -> None:
    check(case, may_be_full=False)


@broker_down.include(method="POST").parametrize()
@settings(FUZZ_SETTINGS, max_examples=EXAMPLES_PER_OPERATION // 3)
def test_only_the_documented_503_with_the_broker_down(case: schemathesis.Case[Any]) -> None:
    check(case, may_be_full=True)


def test_the_fuzzer_sent_enough_requests() -> None:
    """Runs after the fuzz tests above (file order); skipped when they were deselected."""
    if not answered:
        pytest.skip("the fuzz tests did not run in this session")
    total = sum(answered.values())
    print(f"\nschemathesis: {total} requests; by (path, status): {dict(answered)}")
    assert total >= MIN_REQUESTS
    assert not any(status >= 500 and status != 503 for _, status in answered)
