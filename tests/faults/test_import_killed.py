"""`netra import` SIGKILLed half-way and run again: exactly N reports in the store.

The real CLI against the running services on the session infra: the first run is
killed once its checkpoint passed half the rows, the second resumes from it (re-sending
at most the batch that was in flight), and the cases service ends with N reports of that
export, no more, no fewer. A third run files nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient

from deploy.local import stack
from tests.e2e.helpers import wait_for
from tests.exports import form_a1_rows, write_csv
from tests.infra import SessionInfra, free_ports, running_services

ROWS = 2_000
SOURCE = "bawaslu-fault"
TOKEN = "fault-test-feed-token-0000000001"


@pytest.fixture(scope="module")
def services(infra: SessionInfra) -> Iterator[dict[str, str]]:
    env = dict(infra.env, FEED_TOKENS=f"{SOURCE}:{TOKEN}")  # the session's store and broker
    # Its own ports and data dir: the e2e session's services may still hold the session's.
    data_dir = infra.data_dir / "import-killed"
    env.update(NETRA_DATA_DIR=str(data_dir), SPOOL_DIR=str(data_dir / "spool"))
    ports = free_ports(len(stack.SERVICE_PORTS))
    for (var, _), port in zip(stack.SERVICE_PORTS.values(), ports, strict=True):
        env[var] = str(port)
    env["STATUS_BASE_URL"] = f"http://127.0.0.1:{env['CASES_PORT']}"
    yield from running_services(env)


def start_import(export: Path, intake_url: str, state: Path) -> subprocess.Popen[str]:
    netra = str(Path(sys.executable).parent / "netra")
    return subprocess.Popen(
        [netra, "import", str(export), "--source", SOURCE, "--state-dir", str(state)],
        env={**os.environ, "NETRA_FEED_TOKEN": TOKEN, "INTAKE_URL": intake_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def checkpoint_position(state: Path) -> int:
    found = list(state.glob("*.checkpoint.json"))
    if not found:
        return 0
    try:
        return int(json.loads(found[0].read_text())["position"])
    except (ValueError, KeyError):  # never half-written (atomic rename); be safe anyway
        return 0


def stored_reports(infra: SessionInfra) -> int:
    client: MongoClient[dict[str, Any]] = MongoClient(infra.mongodb_url)
    try:
        reports = client[infra.mongodb_database]["reports"]
        return reports.count_documents({"content.source": SOURCE})
    finally:
        client.close()


def test_an_import_killed_half_way_and_run_again_ends_with_exactly_n_reports(
    services: dict[str, str], infra: SessionInfra, tmp_path: Path
) -> None:
    export = write_csv(tmp_path / "form-a1.csv", form_a1_rows(ROWS, prefix="FAULT"))
    state = tmp_path / "state"
    first = start_import(export, services["intake"], state)
    wait_for(lambda: checkpoint_position(state) >= ROWS // 2, timeout=300, what="half way")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    killed_at = checkpoint_position(state)
    assert ROWS // 2 <= killed_at < ROWS, killed_at

    second = start_import(export, services["intake"], state)
    out, _ = second.communicate(timeout=600)
    assert second.returncode == 0, out
    assert f"resumed after row {killed_at:,}" in out and f"filed: {ROWS:,}" in out

    wait_for(lambda: stored_reports(infra) >= ROWS, timeout=600, interval=2, what="N reports")
    time.sleep(3)  # anything filed twice would land by now
    assert stored_reports(infra) == ROWS

    third = start_import(export, services["intake"], state)
    out, _ = third.communicate(timeout=120)
    assert third.returncode == 0 and f"resumed after row {ROWS:,}" in out
    assert stored_reports(infra) == ROWS
