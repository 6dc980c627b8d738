"""Intake over in-memory fakes: the use cases, and the HTTP edge mounted on the same fakes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.crypto import Keyring, new_key_spec, parse_keyring
from services.common.problem import install_problem_handlers
from services.intake.bootstrap import mount
from services.intake.entrypoints.context import Intake
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeReportPublisher, FakeSpool, FakeStatusSource

STATUS_BASE_URL = "http://cases.test"
PUBLISH_TIMEOUT_S = 0.05


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
    )


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
def client(intake: Intake) -> Iterator[TestClient]:
    app = FastAPI()
    install_problem_handlers(app)
    mount(app, intake, max_body_bytes=4096)
    with TestClient(app) as test_client:
        yield test_client
