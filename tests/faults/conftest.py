"""Fault-test fixtures: one stack started as `make run` starts it, shared by the modules
that kill its processes (tests/faults/supervised.py says why it is not the session infra).

Modules that need the session infra (test_intake_kafka_down.py) ask for `infra` by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from deploy.local.env import remove_data_dir
from tests.faults.supervised import (
    SupervisedStack,
    leftovers,
    start_supervised,
    stop_supervised,
)


@pytest.fixture(autouse=True)
def _infra_for_marked_tests() -> None:
    """Overrides tests/conftest.py's: the fault tests that want the session infra ask for
    it; the others bring their own stack (`supervised`), and pay one Kafka start for it."""


@pytest.fixture(scope="package")
def supervised() -> Iterator[SupervisedStack]:
    running = start_supervised()
    try:
        yield running
    finally:
        print(f"\n{running.supervisor_log()}", end="")
        stop_supervised(running)
    assert leftovers(running.data_dir) == [], "Ctrl-C left pid files behind"
    if not os.environ.get("NETRA_KEEP_FAULT_DATA"):  # =1 keeps the logs for a post-mortem
        remove_data_dir(running.data_dir)
