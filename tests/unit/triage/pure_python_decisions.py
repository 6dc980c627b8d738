"""Print the decisions on a labelled set with every compiled triage module ignored.

Run as `python -m tests.unit.triage.pure_python_decisions FILE`: a meta-path finder
loads the sources of deploy/triage_native.py's modules instead of their `.so`, so the
output is the reference that the native build must reproduce byte for byte.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

from deploy.triage_native import NATIVE_SOURCES, REPO, module_name

SOURCES = {module_name(src): REPO / src for src in NATIVE_SOURCES}


class SourceOnly:
    """Finds the compiled modules' `.py` files before the path finder sees their `.so`."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        source = SOURCES.get(name)
        return importlib.util.spec_from_file_location(name, source) if source else None


def main(path: Path) -> None:
    sys.meta_path.insert(0, SourceOnly())
    from tests.unit.triage.native_check import decisions_on

    for line in decisions_on(path):
        print(line)
    loaded = {name: sys.modules[name].__file__ or "" for name in SOURCES}
    assert all(f.endswith(".py") for f in loaded.values()), loaded


if __name__ == "__main__":
    main(Path(sys.argv[1]))
