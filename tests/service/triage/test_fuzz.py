"""Schemathesis over triage's OpenAPI (its ops routes): the app bootstrap builds, with
Kafka unreachable, so `/ready` must answer its documented 503 and nothing a 500."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from services.triage.bootstrap import build_app
from services.triage.settings import TriageSettings
from tests.infra import free_ports

MIN_REQUESTS = 30
(KAFKA_PORT,) = free_ports(1)  # nothing listens there

answered: Counter[tuple[str, int]] = Counter()
app = build_app(
    TriageSettings(
        netra_env="development",
        kafka_bootstrap_servers=f"127.0.0.1:{KAFKA_PORT}",
        ready_check_timeout_s=0.05,
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error(case: schemathesis.Case[Any]) -> None:
    response = case.call()
    answered[(case.operation.path, response.status_code)] += 1
    if case.operation.path == "/ready" and response.status_code == 503:
        assert response.json()["down"] == ["kafka"]
        return
    assert response.status_code < 500, (case.operation.path, response.text[:500])


def test_the_fuzzer_sent_enough_requests() -> None:
    """Runs after the fuzz test above (file order); skipped when it was deselected."""
    if not answered:
        pytest.skip("the fuzz test did not run in this session")
    total = sum(answered.values())
    print(f"\nschemathesis (triage): {total} requests; by (path, status): {dict(answered)}")
    assert total >= MIN_REQUESTS
    assert ("/ready", 503) in answered and ("/health", 200) in answered
