"""`make run`'s supervisor under SIGKILL: a dead service or store comes back, alone.

The stack is started exactly as `make run` starts it (tests/faults/supervised.py, the
package's `supervised` fixture, shared with test_under_load.py, which runs after this
module: these check restarts on a stack not yet loaded).

Kafka is supervised the same way as the store (deploy/local/supervisor.py ScriptTarget);
test_under_load.py stops it under load. Here FerretDB exercises the same path in 2-3 s.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.e2e.helpers import status_when, submit, wait_for
from tests.faults.supervised import SupervisedStack

BACK_WITHIN = 30.0  # backoff 1 s + a service's start-up: 4-9 s here, at load average 6-16
REPORT = {
    "channel": "web",  # an SMS-style text typed into the public form
    "text": "lapor, kades di kab lombok timur bagi2 amplop 100rb ke warga td malam, dr paslon 2",
    "reporter": {"name": "Pelapor Uji", "phone": "+6281911122244", "wants_updates": False},
}


@pytest.mark.parametrize("victim", ["triage", "cases"])
def test_a_killed_service_is_back_and_the_others_untouched(
    supervised: SupervisedStack, victim: str
) -> None:
    before = supervised.pids()
    exits_before = supervised.supervisor_log().count(f"{victim} exited (code -9)")
    old = before[victim]
    assert old is not None
    os.kill(old, signal.SIGKILL)

    def back() -> bool:
        new = supervised.pid(victim)
        return supervised.running() and new not in (None, old) and supervised.healthy(victim)

    started = time.monotonic()
    wait_for(back, timeout=BACK_WITHIN, interval=0.2, what=f"{victim} to be restarted")
    print(f"{victim} back in {time.monotonic() - started:.1f}s")
    after = supervised.pids()
    assert {k: v for k, v in after.items() if k != victim} == {
        k: v for k, v in before.items() if k != victim
    }
    assert supervised.supervisor_log().count(f"{victim} exited (code -9)") == exits_before + 1


def test_a_killed_store_is_back_and_reports_still_become_cases(
    supervised: SupervisedStack,
) -> None:
    services_before = supervised.pids()
    old = supervised.pid("ferretdb")
    assert old is not None
    backs = supervised.supervisor_log().count("ferretdb is back")
    os.kill(old, signal.SIGKILL)
    wait_for(
        lambda: (
            supervised.running() and supervised.supervisor_log().count("ferretdb is back") > backs
        ),
        timeout=BACK_WITHIN,
        interval=0.3,
        what="FerretDB to be restarted",
    )
    assert supervised.pid("ferretdb") not in (None, old)

    receipt, _ = submit(supervised.url("intake"), REPORT)
    status = status_when(
        supervised.url("cases"),
        receipt["tracking_code"],
        lambda s: s.get("case_id") is not None,
        "the report posted after the store's restart to become a case",
    )
    assert status["case_id"]
    assert supervised.pids() == services_before, "a store restart must not restart services"
