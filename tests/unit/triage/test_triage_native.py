"""The native build guard: a compiled module older than its source must not load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.triage.domain import native

pytestmark = pytest.mark.unit


def fake_package(tmp_path: Path) -> Path:
    for name in native.NATIVE_MODULES:
        (tmp_path / f"{name}.py").write_text(f"# {name}\n")
    return tmp_path


def test_pure_python_needs_no_manifest(tmp_path: Path) -> None:
    native.check_native_build(fake_package(tmp_path))


def test_a_build_matching_its_sources_loads(tmp_path: Path) -> None:
    package = fake_package(tmp_path)
    (package / "matcher.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    (package / native.MANIFEST.name).write_text(json.dumps(native.source_hashes(package)))
    native.check_native_build(package)


def test_a_stale_build_is_refused_with_the_fix(tmp_path: Path) -> None:
    package = fake_package(tmp_path)
    (package / "matcher.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    (package / native.MANIFEST.name).write_text(json.dumps(native.source_hashes(package)))
    (package / "matcher.py").write_text("# edited after the build\n")
    with pytest.raises(native.StaleNativeBuild, match=r"matcher.*make native"):
        native.check_native_build(package)


def test_a_build_without_manifest_is_refused(tmp_path: Path) -> None:
    package = fake_package(tmp_path)
    (package / "normalise.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    with pytest.raises(native.StaleNativeBuild, match="normalise"):
        native.check_native_build(package)
