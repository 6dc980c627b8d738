"""CPU used per process of the stack during a phase, from /proc/<pid>/stat (Linux).

The issue's diagnosis was "the store burns 120-160% CPU while every service sits under
25%": printing the same split per phase shows where the time goes on the branch measured.

A process counts with its whole tree: its own CPU, its live descendants' (PostgreSQL's
backends are children of the postmaster the pid file names) and what its exited children
used (`cutime`/`cstime`, filled in when it reaps them: a backend that ended mid-phase is
not lost). Without the tree the store's figure was the postmaster's alone, a fraction of
what PostgreSQL spends on each insert.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def _stat(pid: int) -> list[str] | None:
    try:
        # Fields after the command name (which may hold spaces and parentheses).
        return (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pid: int) -> float | None:
    """The process's own CPU plus what its reaped children used."""
    fields = _stat(pid)
    if fields is None:
        return None
    # utime, stime, cutime, cstime (proc(5) fields 14-17; 0-based 11-14 after the name)
    return sum(int(f) for f in fields[11:15]) / TICKS


def children_by_parent() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if fields is not None:
            found.setdefault(int(fields[1]), []).append(int(entry.name))  # ppid
    return found


def descendants(pid: int, tree: dict[int, list[int]]) -> list[int]:
    found, todo = [], list(tree.get(pid, ()))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(tree.get(child, ()))
    return found


def tree_seconds(pid: int, tree: dict[int, list[int]]) -> float | None:
    """CPU of the process and every live descendant (a child gone since it was last seen
    is in the parent's reaped-children figure once the parent has waited for it)."""
    own = cpu_seconds(pid)
    if own is None:
        return None
    return own + sum(cpu_seconds(child) or 0.0 for child in descendants(pid, tree))


def read_pids(pid_files: dict[str, Path]) -> dict[str, int]:
    pids = {}
    for name, path in pid_files.items():
        try:
            pids[name] = int(path.read_text().strip())
        except (OSError, ValueError):
            continue
    return pids | {"bench": os.getpid()}


class CpuMeter:
    """Per named process tree; `bench` (this process) counts alone: the services it
    started are its children and have their own names."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.started = time.monotonic()
        self.base = self._sample()

    def _sample(self) -> dict[str, float | None]:
        tree = children_by_parent()
        return {
            name: cpu_seconds(pid) if name == "bench" else tree_seconds(pid, tree)
            for name, pid in self.pids.items()
        }

    def used(self) -> dict[str, float]:
        """CPU seconds per process tree since construction."""
        spent = {}
        for name, now in self._sample().items():
            then = self.base.get(name)
            if now is not None and then is not None:
                spent[name] = max(0.0, now - then)
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
