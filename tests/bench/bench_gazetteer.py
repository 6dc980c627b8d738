"""Gazetteer speed: median index build time and resolve throughput on the dev set.

Run: .venv/bin/python tests/bench/bench_gazetteer.py [--builds N] [--rounds N]
Budgets (DOMAIN / triage brief): build < 2 s once at start-up; resolve well under 0.2 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from schemas.reports import ReportContent
from services.triage.adapters.data_files import PACKAGED_DATA_DIR
from services.triage.adapters.gazetteer_files import read_gazetteer
from services.triage.domain.gazetteer.resolver import Gazetteer

DEV_SET = Path(__file__).resolve().parents[2].parent / "shared" / "triage-eval" / "dev.jsonl"


def load_reports() -> list[ReportContent]:
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]
    return [
        ReportContent.model_validate({k: v for k, v in row["report"].items() if k != "id"})
        for row in rows
    ]


def bench_build(runs: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        read_gazetteer(PACKAGED_DATA_DIR)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def bench_resolve(
    gazetteer: Gazetteer, reports: list[ReportContent], rounds: int
) -> tuple[float, float]:
    """Median wall and CPU microseconds per resolve over `rounds` passes of the whole set."""
    wall, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        for report in reports:
            gazetteer.resolve(report)
        wall.append((time.perf_counter() - started) / len(reports) * 1e6)
        cpu.append((time.process_time() - started_cpu) / len(reports) * 1e6)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--builds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    # Shared machines skew wall time; CPU time and the load average help read the numbers.
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    wall, cpu = bench_build(args.builds)
    print(f"build: median {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms cpu ({args.builds} runs)")
    reports = load_reports()
    gazetteer = read_gazetteer(PACKAGED_DATA_DIR)
    wall_us, cpu_us = bench_resolve(gazetteer, reports, args.rounds)
    print(
        f"resolve: median {wall_us:.1f} us wall ({1e6 / wall_us:,.0f} reports/s), "
        f"{cpu_us:.1f} us cpu ({1e6 / cpu_us:,.0f} reports/s); "
        f"{len(reports)} reports x {args.rounds} rounds"
    )


if __name__ == "__main__":
    main()
