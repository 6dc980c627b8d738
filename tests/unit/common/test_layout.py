"""The layout docs/architecture.md promises, checked so it cannot erode.

Inside `services/<name>/` only the layer folders and the four wiring modules; no source
file past ~300 lines (Dispatch's 1,449-line flows.py is the warning). The import
rules between the layers are import-linter's job (`make lint`, pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVICES = ("cases", "intake", "notify", "triage")
WIRING = {"__init__.py", "__main__.py", "bootstrap.py", "settings.py"}
LAYERS = {"domain", "service_layer", "read_models", "adapters", "entrypoints"}
EXTRA_PACKAGES = {"triage": {"evaluation"}}
MAX_LINES = 300


def entries(service: str) -> set[str]:
    return {
        p.name
        for p in (ROOT / "services" / service).iterdir()
        if p.name != "__pycache__" and not p.name.endswith((".so", ".pyc"))
    }


@pytest.mark.parametrize("service", SERVICES)
def test_service_holds_only_layers_and_wiring(service: str) -> None:
    allowed = WIRING | LAYERS | EXTRA_PACKAGES.get(service, set())
    assert entries(service) - allowed == set()


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_the_core_layers(service: str) -> None:
    assert {"domain", "service_layer", "adapters", "entrypoints", "bootstrap.py"} <= entries(
        service
    )


def test_no_source_file_is_a_god_module() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for folder in ("services", "schemas", "deploy")
        for path in (ROOT / folder).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
