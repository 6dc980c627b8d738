"""CPU per citizen message on intake's SMS/WhatsApp route, and per report it files.

    .venv/bin/python tests/bench/bench_inbound.py

The route on fakes (publisher, spool, status, gateway) with the real sealed, fsynced
part journal in a temporary directory: N signed messages from N numbers through an
in-process HTTP client, then one pass of `InboundDesk.file_due` filing and replying to
each. Prints CPU milliseconds (time.process_time) per message and per report.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from services.common.crypto import new_key_spec, parse_keyring
from services.common.json_limits import JsonLimits
from services.common.standard_webhooks import signed_headers
from services.intake.adapters.file_part_journal import FilePartJournal
from services.intake.domain.feed_identity import parse_feed_tokens
from services.intake.entrypoints.context import Intake

# Run as a file (`make bench` does), the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.fakes.clock import FakeClock
from tests.fakes.intake import FakeEvidenceStore, FakeReportPublisher, FakeSpool, FakeStatusSource
from tests.service.intake.conftest import EVIDENCE_LIMITS, MAX_JSON_BYTES
from tests.service.intake.inbound_fixtures import SECRET, inbound_app, make_desk

TEXT = "Lapor: camat Sukamaju ikut kampanye paslon 2 di lapangan desa"


def main(messages: int) -> None:
    clock = FakeClock()
    intake = Intake(
        keyring=parse_keyring(new_key_spec()),
        publisher=FakeReportPublisher(),
        spool=FakeSpool(),
        statuses=FakeStatusSource(),
        clock=clock,
        publish_timeout_s=1.0,
        status_base_url="http://cases.test",
        input_limits=JsonLimits(max_depth=16, max_string_chars=20_000, max_items=64),
        retry_after_s=30,
        feeds=parse_feed_tokens(None),
        evidence_store=FakeEvidenceStore(),
        evidence_limits=EVIDENCE_LIMITS,
        max_json_bytes=MAX_JSON_BYTES,
    )
    desk = make_desk(intake, burst=messages + 1)
    with tempfile.TemporaryDirectory() as directory:
        desk.desk.journal = FilePartJournal(Path(directory), keyring=intake.keyring)
        client = TestClient(inbound_app(desk))
        signed = []
        for n in range(messages):
            body = {
                "message_id": f"GW-{n}",
                "channel": "sms",
                "from": f"+628123{n:06d}",
                "to": "+62811000000",
                "text": TEXT,
                "received_at": "2024-11-04T09:00:00Z",
            }
            raw = json.dumps(body).encode()
            timestamp = int(clock.now().timestamp())
            headers = signed_headers(
                secret=SECRET, webhook_id=f"m{n}", timestamp=timestamp, body=raw
            )
            signed.append((raw, headers | {"Content-Type": "application/json"}))
        started = time.process_time()
        for raw, headers in signed:
            response = client.post("/v1/gateway/inbound", content=raw, headers=headers)
            assert response.status_code == 202, response.text
        taken = time.process_time()
        clock.advance(timedelta(minutes=2))
        filed = asyncio.run(desk.desk.file_due())
        done = time.process_time()
    assert filed == messages and len(desk.replies.sent) == messages
    print(
        f"{messages} messages: {(taken - started) / messages * 1000:.2f} ms CPU per message "
        f"(signed call, sealed fsynced journal), {(done - taken) / filed * 1000:.2f} ms CPU "
        "per report filed and replied to (fakes)"
    )


if __name__ == "__main__":
    main(int(os.environ.get("NETRA_BENCH_INBOUND_MESSAGES", "500")))
