"""The native build: never stale, and deciding exactly as the Python sources do.

`make native` rebuilds when a compiled source changes; these tests make sure a build
that slipped past make (copied tree, edited after building) cannot pass CI either.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import triage_native
from deploy.triage_native import NATIVE_SOURCES, REPO, module_name
from tests.unit.triage.native_check import decisions_on

HOLDOUT = REPO / "tests" / "data" / "triage-holdout.jsonl"
SO = "cpython-311-x86_64-linux-gnu.so"


def test_the_compiled_modules_match_their_sources() -> None:
    assert triage_native.stale_modules() == [], "run `make native`"


def test_native_and_pure_python_decide_byte_for_byte_alike() -> None:
    """In this process the build (when present) runs; in the child only the sources."""
    native = decisions_on(HOLDOUT)
    child = subprocess.run(
        [sys.executable, "-m", "tests.unit.triage.pure_python_decisions", str(HOLDOUT)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.splitlines() == native
    # This side ran whatever is compiled (all of it after `make native`).
    running = [s for s in NATIVE_SOURCES if _file_of(module_name(s)).endswith(".so")]
    assert running == triage_native.compiled()


def _file_of(module: str) -> str:
    return sys.modules[module].__file__ or ""


def fake_tree(tmp_path: Path) -> Path:
    for src in NATIVE_SOURCES:
        (tmp_path / src).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / src).write_text(f"# {src}\n")
    return tmp_path


def compile_fake(root: Path, src: str) -> None:
    (root / src).with_name(f"{Path(src).stem}.{SO}").write_bytes(b"")


def test_pure_python_needs_no_manifest(tmp_path: Path) -> None:
    assert triage_native.stale_modules(fake_tree(tmp_path)) == []


def test_a_build_matching_its_sources_is_fresh(tmp_path: Path) -> None:
    root = fake_tree(tmp_path)
    compile_fake(root, NATIVE_SOURCES[0])
    (root / triage_native.MANIFEST).write_text(json.dumps(triage_native.source_hashes(root)))
    assert triage_native.stale_modules(root) == []


def test_a_source_edited_after_the_build_is_stale(tmp_path: Path) -> None:
    root = fake_tree(tmp_path)
    compile_fake(root, NATIVE_SOURCES[0])
    (root / triage_native.MANIFEST).write_text(json.dumps(triage_native.source_hashes(root)))
    (root / NATIVE_SOURCES[0]).write_text("# edited after the build\n")
    assert triage_native.stale_modules(root) == [NATIVE_SOURCES[0]]


@pytest.mark.parametrize("src", [NATIVE_SOURCES[1], NATIVE_SOURCES[-1]])
def test_a_build_without_manifest_is_stale(tmp_path: Path, src: str) -> None:
    root = fake_tree(tmp_path)
    compile_fake(root, src)
    assert triage_native.stale_modules(root) == [src]
