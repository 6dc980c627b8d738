"""The end-to-end pipeline on the local three-broker cluster (`make cluster`'s Kafka: RF 3,
min ISR 2), with 1 and then 2 processes of each consumer service (make bench).

    .venv/bin/python tests/bench/bench_cluster.py                 # short default
    .venv/bin/python tests/bench/bench_cluster.py --rates 50 --burst 2000 ...

Each run is tests/bench/bench_pipeline.py with `--cluster --replicas N`: its own stack,
its own raw Kafka rate on a topic replicated like the others, and per phase the
throughput as a ratio to that rate and the CPU ms per report of every process (the
brokers and both replicas included). Extra arguments go to both runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

SHORT = ["--rates", "30", "--duration", "20", "--burst", "500", "--raw-messages", "10000"]


def _main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a file
    from tests.bench.pipeline.cli import main

    failed = 0
    for replicas in (1, 2):
        print(f"== local cluster, {replicas} replica(s) of each consumer", flush=True)
        code = main(["--cluster", "--replicas", str(replicas), *SHORT, *argv])
        if code == 130:  # interrupted: not the next run either
            return code
        failed |= code
    return failed


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
