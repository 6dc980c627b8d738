"""Contract of `StatusSource`: the fake and the HTTP client of the cases service agree.

The real adapter talks HTTP to a small server in this test that answers what the cases
service answers, recorded in cases_public_status.json (a status, an unknown code, a
refused code, a failure). The fake is seeded from the same file. Neither needs
infrastructure, so both parameters run in every contracts session.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from services.intake.adapters.status_client import HttpStatusSource
from services.intake.domain.tracking import PublicStatus
from services.intake.service_layer.ports import StatusSource, StatusUnavailable
from tests.fakes.intake import FakeStatusSource

ANSWERS: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "cases_public_status.json").read_text()
)["answers"]
FORWARDED = "NTR-7K3M-Q9PX-2WRT-H4ZD"
NOT_YET_TRIAGED = "NTR-0000-0000-0000-0001"
UNKNOWN = "NTR-0000-0000-0000-0404"
REFUSED = "NTR-0000-0000-0000-0400"
FAILING = "NTR-0000-0000-0000-0500"
PATH_PREFIX = "/v1/status/"


class RecordedCases(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        code = self.path.removeprefix(PATH_PREFIX)
        answer = ANSWERS.get(code, ANSWERS[UNKNOWN])
        body = json.dumps(answer["body"]).encode()
        self.send_response(answer["status"])
        ok = answer["status"] == 200
        self.send_header("content-type", "application/json" if ok else "application/problem+json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def recorded_cases() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordedCases)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Subject:
    source: StatusSource
    down: StatusSource  # nobody answering at all


def seeded_fake(*, unavailable: bool = False) -> FakeStatusSource:
    statuses = {
        code: PublicStatus.model_validate(answer["body"])
        for code, answer in ANSWERS.items()
        if answer["status"] == 200
    }
    failing = {code for code, answer in ANSWERS.items() if answer["status"] >= 500}
    return FakeStatusSource(statuses=statuses, failing=failing, unavailable=unavailable)


@pytest.fixture(params=["fake", "real"])
def subject(request: pytest.FixtureRequest, recorded_cases: str) -> Subject:
    if request.param == "fake":
        return Subject(seeded_fake(), seeded_fake(unavailable=True))
    return Subject(
        HttpStatusSource(base_url=recorded_cases, timeout_s=2),
        HttpStatusSource(base_url="http://127.0.0.1:1", timeout_s=2),
    )


async def test_a_known_code_gives_its_public_status(subject: Subject) -> None:
    found = await subject.source.find(FORWARDED)
    assert found == PublicStatus.model_validate(ANSWERS[FORWARDED]["body"])
    assert found is not None and found.routes == ["BAWASLU:11.07", "KEMENDAGRI"]
    assert found.timeline[0].action == "case.opened"


async def test_a_report_not_yet_on_a_case_is_received(subject: Subject) -> None:
    found = await subject.source.find(NOT_YET_TRIAGED)
    assert found is not None and found.status == "received" and found.category is None


@pytest.mark.parametrize("code", [UNKNOWN, REFUSED])
async def test_an_unknown_or_refused_code_is_none(subject: Subject, code: str) -> None:
    assert await subject.source.find(code) is None


async def test_an_error_answer_is_unavailable(subject: Subject) -> None:
    with pytest.raises(StatusUnavailable):
        await subject.source.find(FAILING)


async def test_no_answer_is_unavailable(subject: Subject) -> None:
    with pytest.raises(StatusUnavailable):
        await subject.down.find(FORWARDED)
