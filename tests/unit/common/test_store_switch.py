"""NETRA_STORE: one list of stores in deploy/local/stack.py, the Makefile's install step
agreeing with it, and the store benchmark's document shape (no servers started here)."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

import bson
import pytest

from deploy.local import stack
from tests.bench.bench_store import DOC_BYTES, make_doc, padding_for, percentile


def test_every_store_script_exists_and_is_executable() -> None:
    for scripts in stack.STORES.values():
        for name in scripts:
            path = stack.SCRIPTS / f"{name}.sh"
            assert path.is_file(), path
            assert os.access(path, os.X_OK), path
    assert set(stack.STORE_SCRIPTS) == {n for s in stack.STORES.values() for n in s}


def test_makefile_installs_what_stack_starts() -> None:
    text = (stack.REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    cases = dict(re.findall(r"^\s+([a-z0-9-]+)\) store=\"([^\"]+)\";;", text, re.MULTILINE))
    assert {k: tuple(v.split()) for k, v in cases.items()} == stack.STORES


def test_default_store_and_unknown_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETRA_STORE", raising=False)
    assert stack.infra_env()["NETRA_STORE"] == stack.DEFAULT_STORE == "ferretdb-postgresql"
    with pytest.raises(stack.StackError, match="not a known store"):
        stack.infra_env({"NETRA_STORE": "mongod-please"})


def test_bench_documents_are_about_one_kilobyte() -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    padding = padding_for(base)
    for n in (0, 7, 99_999, 1_000_000_123):
        assert abs(len(bson.encode(make_doc(n, base, padding))) - DOC_BYTES) <= 8


def test_nearest_rank_percentile() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([3.0], 0.99) == 3.0
