"""End-to-end load benchmark (issue 9): reports in over HTTP, cases and webhooks out.

    .venv/bin/python tests/bench/bench_pipeline.py               # short default (make bench)
    .venv/bin/python tests/bench/bench_pipeline.py --seed-cases 100000 --rates 100,300 \\
        --duration 60 --burst 20000                               # the issue-9 run
    ... --json                                                    # one JSON line per phase

Brings up Kafka, the store and the four services on free ports (var/bench-<pid>/, or the
servers named by KAFKA_BOOTSTRAP_SERVERS / MONGODB_URL), with every authority's webhook
pointed at a sink in this process; seeds the store; measures the raw Kafka rate; posts
reports at each fixed rate and then as a burst, waiting after each phase until every
accepted report is a case whose routes all got their webhook (or --drain-timeout passes);
prints per phase the offered rate, accepted, sustained cases/s, p50/p95/p99/max post->202,
post->case and post->notified, lost, duplicated, the pipeline/raw-Kafka ratio and the CPU
each process used; and finally checks that the store grew by exactly the accepted count.
Whatever it started is stopped at the end, on Ctrl-C or on an error. docs/runbook.md,
"Benchmarks", explains the figures. The code is in tests/bench/pipeline/.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _main() -> int:
    # Run as a file (`make bench` does), the repo root is not on sys.path yet.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.bench.pipeline.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(_main())
