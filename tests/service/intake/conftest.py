"""Intake over in-memory fakes: the use cases, and the HTTP edge mounted on the same fakes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.crypto import Keyring, new_key_spec, parse_keyring
from services.common.json_limits import JsonLimits
from services.common.problem import install_problem_handlers
from services.common.rate_limit import RatePolicy, TokenBuckets
from services.common.rate_limit_http import ClientAddress, LimitedRoute
from services.intake.bootstrap import mount
from services.intake.domain.evidence import EvidenceLimits
from services.intake.domain.feed_identity import parse_feed_tokens
from services.intake.entrypoints.context import Intake
from services.intake.entrypoints.reports_middleware import ReportsMiddleware
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeEvidenceStore, FakeReportPublisher, FakeSpool, FakeStatusSource

STATUS_BASE_URL = "http://cases.test"
PUBLISH_TIMEOUT_S = 0.05
INPUT_LIMITS = JsonLimits(max_depth=16, max_string_chars=20_000, max_items=64)
RETRY_AFTER_S = 30
FEED_SOURCE = "bawaslu-sigaplapor"
FEED_TOKEN = "feed-token-of-sigaplapor-0123456789"
EVIDENCE_LIMITS = EvidenceLimits(max_files=3, max_file_bytes=256 * 1024)
MAX_JSON_BYTES = 64 * 1024
FILING = RatePolicy(per_second=1.0, burst=5)
LOOKUPS = RatePolicy(per_second=1.0, burst=5)


@pytest.fixture
def keyring() -> Keyring:
    return parse_keyring(new_key_spec())


@pytest.fixture
def intake(keyring: Keyring) -> Intake:
    return Intake(
        keyring=keyring,
        publisher=FakeReportPublisher(),
        spool=FakeSpool(),
        statuses=FakeStatusSource(),
        clock=FakeClock(),
        publish_timeout_s=PUBLISH_TIMEOUT_S,
        status_base_url=STATUS_BASE_URL,
        input_limits=INPUT_LIMITS,
        retry_after_s=RETRY_AFTER_S,
        feeds=parse_feed_tokens(f"{FEED_SOURCE}:{FEED_TOKEN}"),
        evidence_store=FakeEvidenceStore(),
        evidence_limits=EVIDENCE_LIMITS,
        max_json_bytes=MAX_JSON_BYTES,
    )


@pytest.fixture
def evidence(intake: Intake) -> FakeEvidenceStore:
    assert isinstance(intake.evidence_store, FakeEvidenceStore)
    return intake.evidence_store


@pytest.fixture
def publisher(intake: Intake) -> FakeReportPublisher:
    assert isinstance(intake.publisher, FakeReportPublisher)
    return intake.publisher


@pytest.fixture
def spool(intake: Intake) -> FakeSpool:
    assert isinstance(intake.spool, FakeSpool)
    return intake.spool


@pytest.fixture
def statuses(intake: Intake) -> FakeStatusSource:
    assert isinstance(intake.statuses, FakeStatusSource)
    return intake.statuses


@pytest.fixture
def rate_clock() -> FakeClock:
    """The rate limiter's clock: it only moves when a test moves it."""
    return FakeClock()


def intake_app(
    intake: Intake,
    *,
    clock: FakeClock,
    filing: RatePolicy = FILING,
    lookups: RatePolicy = LOOKUPS,
    max_body_bytes: int = 4096,
    reports_middleware: bool = True,
) -> FastAPI:
    """As bootstrap builds it: JSON reports answered by `ReportsMiddleware` inside the
    guards (`reports_middleware=False`: by the route alone)."""
    app = FastAPI()
    install_problem_handlers(app)
    if reports_middleware:
        app.add_middleware(ReportsMiddleware, intake=intake)
    filing_buckets = TokenBuckets(filing, clock=clock)
    mount(
        app,
        intake,
        max_body_bytes=max_body_bytes,
        limited=[
            LimitedRoute("POST", "/v1/reports", filing_buckets),
            LimitedRoute("POST", "/lapor", filing_buckets),
            LimitedRoute("GET", "/lacak", TokenBuckets(lookups, clock=clock)),
        ],
        clients=ClientAddress(["10.0.0.0/8"]),
    )
    return app


@pytest.fixture
def client(intake: Intake, rate_clock: FakeClock) -> Iterator[TestClient]:
    with TestClient(intake_app(intake, clock=rate_clock)) as test_client:
        yield test_client
