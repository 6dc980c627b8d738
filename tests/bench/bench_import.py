"""`netra import` of a generated Form A.1 export (issue 12): rows per second, resumable,
idempotent.

    .venv/bin/python tests/bench/bench_import.py                 # 100,000 rows (make bench)
    .venv/bin/python tests/bench/bench_import.py --rows 5000     # a quick look

Starts Kafka, the store and intake alone on free ports (var/bench-<pid>/, as
bench_pipeline.py does), writes the export, then runs the real CLI three times: the first
is SIGKILLed once its checkpoint passed half the rows, the second resumes and finishes
(its rows/s is the figure), the third must send nothing. Finally it reads every key of
netra.reports.received and checks that the export is there as exactly --rows distinct
reports (the batch in flight at the kill is sent twice, under the same report ids).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SOURCE = "bawaslu-bench"
TOKEN = "bench-feed-token-00000000000001"


def _main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep-data", action="store_true")
    args = parser.parse_args()
    from deploy.local import stack
    from tests.bench.pipeline import bench_stack

    bench = bench_stack.start_infra(sink_url="http://127.0.0.1:9", log_level="WARNING", brokers=1)
    try:
        env = dict(bench.env, FEED_TOKENS=f"{SOURCE}:{TOKEN}")
        [intake] = stack.start_services(env, ("intake",))
        return run(args.rows, bench.data_dir, intake.url, bench.kafka_bootstrap)
    finally:
        bench_stack.stop(keep_data=args.keep_data)


def run(rows: int, data_dir: Path, intake_url: str, bootstrap: str) -> int:
    from tests.exports import form_a1_rows, write_csv

    export = write_csv(data_dir / "form-a1-bench.csv", form_a1_rows(rows, prefix="BENCH"))
    state = data_dir / "import-state"
    started = time.monotonic()
    first = netra_import(export, intake_url, state)
    while position(state) < rows // 2 and first.poll() is None:
        time.sleep(0.2)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at, first_s = position(state), time.monotonic() - started
    print(f"run 1: SIGKILLed after {first_s:,.1f} s at checkpoint row {killed_at:,}")

    second = netra_import(export, intake_url, state)
    out, _ = second.communicate()
    print("run 2 (resumed):\n" + out.rstrip())
    total_s = time.monotonic() - started
    print(
        f"rows per second over both runs: {rows / total_s:,.0f} ({rows:,} rows, {total_s:,.1f} s)"
    )

    third = netra_import(export, intake_url, state)
    out3, _ = third.communicate()
    nothing_new = f"resumed after row {rows:,}" in out3
    print(f"run 3 (again): {'sent nothing, as it must' if nothing_new else 'SENT ROWS AGAIN'}")

    distinct, messages = asyncio.run(keys_on_topic(bootstrap))
    print(f"netra.reports.received: {messages:,} messages, {distinct:,} distinct reports")
    ok = second.returncode == 0 and nothing_new and distinct == rows
    print("OK: exactly one report per row" if ok else "FAILED")
    return 0 if ok else 1


def netra_import(export: Path, intake_url: str, state: Path) -> subprocess.Popen[str]:
    netra = str(Path(sys.executable).parent / "netra")
    return subprocess.Popen(
        [netra, "import", str(export), "--source", SOURCE, "--state-dir", str(state)],
        env={**os.environ, "NETRA_FEED_TOKEN": TOKEN, "INTAKE_URL": intake_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def position(state: Path) -> int:
    for path in state.glob("*.checkpoint.json"):
        try:
            return int(json.loads(path.read_text())["position"])
        except (ValueError, KeyError):
            return 0
    return 0


async def keys_on_topic(bootstrap: str) -> tuple[int, int]:
    from aiokafka import AIOKafkaConsumer

    from schemas.topics import REPORTS_RECEIVED

    consumer = AIOKafkaConsumer(
        REPORTS_RECEIVED,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    keys: set[bytes] = set()
    messages = 0
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=5000, max_records=5000)
            if not batch:
                break
            for records in batch.values():
                messages += len(records)
                keys.update(r.key for r in records if r.key is not None)
    finally:
        await consumer.stop()
    return len(keys), messages


if __name__ == "__main__":
    sys.exit(_main())
