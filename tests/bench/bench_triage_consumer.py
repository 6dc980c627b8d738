"""CPU per report of each step of triage's consumer, in process: no Kafka.

`report.received` events of the pipeline bench's bodies (tests/bench/pipeline/reports.py),
sealed and encoded as intake publishes them, then per step over all of them: decode,
`decide` (the packaged engine, warmed on the same reports), the `report.triaged` event,
its encoding, and the per-report metric and log line (logging configured as a service's).

    .venv/bin/python tests/bench/bench_triage_consumer.py [--reports 1500]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from schemas.codec import decode, encode
from schemas.events import REPORT_RECEIVED
from schemas.reports import ReportReceived, ReportSubmission
from schemas.routing.files import PACKAGED_RULES_FILE
from services.common.clock import SystemClock
from services.common.crypto import new_key_spec, parse_keyring
from services.common.logging import configure_logging
from services.intake.domain.report import receive
from services.triage.domain.engine import DEFAULT_THRESHOLD
from services.triage.entrypoints.cli import packaged_engine
from services.triage.entrypoints.consumer import count_decisions
from services.triage.service_layer.triage_report import Received, _triaged

# Run as a file, the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.pipeline.reports import submission

ACCEPT = frozenset({REPORT_RECEIVED})


def per_report_us(name: str, count: int, step: Callable[[], object]) -> None:
    started = time.process_time()
    step()
    print(f"{name:28s} {(time.process_time() - started) / count * 1e6:7.1f} us per report")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1500)
    args = parser.parse_args()
    configure_logging(service="triage")
    keyring, now = parse_keyring(new_key_spec()), datetime.now(UTC)
    raws = [
        encode(receive(ReportSubmission.model_validate(submission(i)), keyring=keyring, now=now))
        for i in range(args.reports)
    ]
    engine = packaged_engine(PACKAGED_RULES_FILE, DEFAULT_THRESHOLD)
    envelopes = [decode(raw, accept=ACCEPT) for raw in raws]
    received = []
    for envelope in envelopes:
        assert isinstance(envelope.data, ReportReceived)
        received.append(Received(envelope.data, envelope.id))
    for r in received:  # warm: every word's first sight fills the engine's caches
        engine.decide(r.report.content, received_at=r.report.received_at)
    n, clock = len(raws), SystemClock()
    per_report_us("decode", n, lambda: [decode(raw, accept=ACCEPT) for raw in raws])
    decisions = [
        engine.decide(r.report.content, received_at=r.report.received_at) for r in received
    ]
    per_report_us(
        "decide",
        n,
        lambda: [
            engine.decide(r.report.content, received_at=r.report.received_at) for r in received
        ],
    )
    events = [_triaged(r, d, clock) for r, d in zip(received, decisions, strict=True)]
    per_report_us(
        "report.triaged event",
        n,
        lambda: [_triaged(r, d, clock) for r, d in zip(received, decisions, strict=True)],
    )
    per_report_us("encode it", n, lambda: [encode(event) for event in events])
    per_report_us("metric and log line", n, lambda: count_decisions(received, decisions))


if __name__ == "__main__":
    main()
