"""Optional native build of the triage hot path with mypyc, and a guard against stale builds.

The hottest pure modules are compiled to C extensions (`make native`), which roughly
gives a fifth more throughput; the Python sources stay the reference and the
decisions are identical either way. A compiled module shadows its `.py`, so a build
older than its source would silently run old code: the manifest records each source's
hash and `check_native_build` refuses to import a stale build.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
MANIFEST = HERE / "native-manifest.json"
SHARED_GROUP = "services.triage.domain._native"
NATIVE_MODULES = (
    "matcher",
    "gazetteer_scan",
    "gazetteer_text",
    "gazetteer_decide",
    "gazetteer_roles",
    "normalise",
    "morphology",
    "classify",
    "subject",
)


class StaleNativeBuild(ImportError):
    pass


def source_hashes(directory: Path = HERE) -> dict[str, str]:
    return {
        name: hashlib.sha256((directory / f"{name}.py").read_bytes()).hexdigest()
        for name in NATIVE_MODULES
    }


def compiled(directory: Path = HERE) -> list[str]:
    return [name for name in NATIVE_MODULES if any(directory.glob(f"{name}.*.so"))]


def check_native_build(directory: Path = HERE) -> None:
    built = compiled(directory)
    if not built:
        return
    manifest = directory / MANIFEST.name
    recorded = json.loads(manifest.read_text()) if manifest.exists() else {}
    current = source_hashes(directory)
    stale = [name for name in built if recorded.get(name) != current[name]]
    if stale:
        raise StaleNativeBuild(
            f"compiled triage module(s) {', '.join(stale)} are older than their source: "
            "run `make native`, or delete services/triage/domain/*.so to use pure Python"
        )


def build() -> None:
    """Compile NATIVE_MODULES in place with mypyc and record their source hashes.

    The group name puts mypyc's shared runtime library inside this package, so the
    compiled modules import from anywhere (the `netra` script, services, benchmarks).
    """
    from mypyc.build import mypycify
    from setuptools import setup  # type: ignore[import-untyped]

    os.chdir(REPO)
    sources = [str((HERE / f"{name}.py").relative_to(REPO)) for name in NATIVE_MODULES]
    setup(
        name="netra-triage-native",
        ext_modules=mypycify(sources, group_name=SHARED_GROUP, opt_level="3"),
        script_args=["build_ext", "--inplace"],
    )
    MANIFEST.write_text(json.dumps(source_hashes(), indent=2) + "\n")


if __name__ == "__main__":
    build()
