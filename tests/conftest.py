"""Session fixtures that start real infrastructure (see tests/infra.py).

- Tests under tests/<kind>/ get the `<kind>` marker automatically: unit (pure domain),
  service (use cases on in-memory fakes), contracts (one suite per port, run against the
  fake and, as `integration`-marked parameters, the real adapter), integration, e2e,
  browser, evaluation (scores on labelled data, e.g. ../shared/triage-eval) and faults.
- Every test marked integration, e2e or browser gets the session `infra` fixture
  (Kafka + FerretDB on their own ports, topics created); it is started lazily, at
  the first such test, so `pytest tests/unit` starts nothing.
- `services` starts intake, triage, cases and notify against that infra and gives
  their base URLs.

If infrastructure cannot start the tests FAIL with the log tail; they never skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.local import stack
from tests.infra import SessionInfra, running_services, running_test_infra

INFRA_MARKERS = ("integration", "e2e", "browser", "faults")
DIR_MARKERS = (
    "unit",
    "service",
    "contracts",
    "integration",
    "e2e",
    "browser",
    "evaluation",
    "faults",
)
TESTS_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        try:
            relative = item.path.resolve().relative_to(TESTS_DIR)
        except ValueError:
            continue
        kind = relative.parts[0] if len(relative.parts) > 1 else ""
        if kind in DIR_MARKERS and item.get_closest_marker(kind) is None:
            item.add_marker(getattr(pytest.mark, kind))


@pytest.fixture(scope="session")
def infra() -> Iterator[SessionInfra]:
    """Kafka + FerretDB for the whole session, topics created; stopped at the end."""
    try:
        gen = running_test_infra()
        value = next(gen)
    except stack.StackError as exc:
        pytest.fail(f"test infrastructure failed to start:\n{exc}", pytrace=False)
    try:
        yield value
    finally:
        gen.close()


@pytest.fixture(autouse=True)
def _infra_for_marked_tests(request: pytest.FixtureRequest) -> None:
    if any(request.node.get_closest_marker(m) for m in INFRA_MARKERS):
        request.getfixturevalue("infra")


@pytest.fixture(scope="session")
def services(infra: SessionInfra) -> Iterator[dict[str, str]]:
    """The four services running against the test infra: {name: base URL}."""
    yield from running_services(infra.env)
