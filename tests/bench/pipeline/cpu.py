"""CPU used per process of the stack during a phase, from /proc/<pid>/stat (Linux).

The issue's diagnosis was "the store burns 120-160% CPU while every service sits under
25%": printing the same split per phase shows where the time goes on the branch measured.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def read_pids(pid_files: dict[str, Path]) -> dict[str, int]:
    pids = {}
    for name, path in pid_files.items():
        try:
            pids[name] = int(path.read_text().strip())
        except (OSError, ValueError):
            continue
    return pids | {"bench": os.getpid()}


class CpuMeter:
    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.started = time.monotonic()
        self.base = {name: cpu_seconds(pid) for name, pid in pids.items()}

    def used(self) -> dict[str, float]:
        """CPU seconds per process since construction."""
        spent = {}
        for name, pid in self.pids.items():
            now, then = cpu_seconds(pid), self.base.get(name)
            if now is not None and then is not None:
                spent[name] = now - then
        return spent

    def percent(self) -> dict[str, float]:
        """CPU % per process since construction (100 = one core)."""
        wall = time.monotonic() - self.started
        if wall <= 0:
            return {}
        return {name: round(100 * s / wall, 1) for name, s in self.used().items()}

    def per_item_ms(self, items: int) -> dict[str, float]:
        """CPU milliseconds per item per process, and their `total`: on a machine shared
        with other work this stays put where rates and latencies do not."""
        if items <= 0:
            return {}
        spent = {name: round(1000 * s / items, 2) for name, s in self.used().items()}
        return spent | {"total": round(sum(spent.values()), 2)}
