"""Build tool: compile the triage hot path with mypyc (`make native`), and tell a stale build.

The hottest pure modules are compiled to C extensions, which gives roughly a fifth more
throughput; the Python sources stay the reference and decisions are identical either
way (tests/unit/triage/test_native_build.py). A compiled module shadows its `.py`, so a
build older than its source would silently run old code. Two things prevent that, both
outside the running service: `make native` lists `NATIVE_SOURCES` as prerequisites and
rebuilds when one changes (make test / run / bench depend on it), and a unit test fails
when the manifest's hashes do not match the sources (`stale_modules`).

Usage (stdlib only at import, so make can ask for the sources before the venv exists):
    python deploy/triage_native.py --sources   # the compiled sources, for make
    .venv/bin/python deploy/triage_native.py   # build in place, write the manifest
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOMAIN = "services/triage/domain"
MANIFEST = f"{DOMAIN}/native-manifest.json"
# mypyc's shared runtime library goes inside the domain package, so the compiled modules
# import from anywhere (the `netra` script, the services, the benchmarks).
SHARED_GROUP = "services.triage.domain._native"
NATIVE_SOURCES = (
    f"{DOMAIN}/text/matcher.py",
    f"{DOMAIN}/text/normalise.py",
    f"{DOMAIN}/text/morphology.py",
    f"{DOMAIN}/gazetteer/scan.py",
    f"{DOMAIN}/gazetteer/tokens.py",
    f"{DOMAIN}/gazetteer/decide.py",
    f"{DOMAIN}/gazetteer/roles.py",
    f"{DOMAIN}/category.py",
    f"{DOMAIN}/subject.py",
    f"{DOMAIN}/second_opinion.py",
)


def module_name(source: str) -> str:
    return source.removesuffix(".py").replace("/", ".")


def source_hashes(root: Path = REPO) -> dict[str, str]:
    return {src: hashlib.sha256((root / src).read_bytes()).hexdigest() for src in NATIVE_SOURCES}


def compiled(root: Path = REPO) -> list[str]:
    """The sources that have a compiled module beside them (and so are shadowed by it)."""
    return [
        src for src in NATIVE_SOURCES if any((root / src).parent.glob(f"{Path(src).stem}.*.so"))
    ]


def stale_modules(root: Path = REPO) -> list[str]:
    """Compiled sources changed since the build, or built without a manifest."""
    built = compiled(root)
    if not built:
        return []
    manifest = root / MANIFEST
    recorded = json.loads(manifest.read_text()) if manifest.exists() else {}
    current = source_hashes(root)
    return [src for src in built if recorded.get(src) != current[src]]


def build(root: Path = REPO) -> None:
    """Compile NATIVE_SOURCES in place with mypyc and record their source hashes."""
    from mypyc.build import mypycify
    from setuptools import setup  # type: ignore[import-untyped]

    os.chdir(root)
    setup(
        name="netra-triage-native",
        ext_modules=mypycify(list(NATIVE_SOURCES), group_name=SHARED_GROUP, opt_level="3"),
        script_args=["build_ext", "--inplace"],
    )
    (root / MANIFEST).write_text(json.dumps(source_hashes(root), indent=2) + "\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--sources"]:
        print(" ".join(NATIVE_SOURCES))
    else:
        build()
