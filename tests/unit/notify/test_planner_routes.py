"""The planner matches a route against the directory's patterns once, and again for a new
directory: what it resolves is what the directory resolves."""

from __future__ import annotations

import pytest

from services.notify.adapters.directory_file import PACKAGED_DIRECTORY, FileDirectory
from services.notify.adapters.matrix_file import PACKAGED_MATRIX, load_matrix
from services.notify.domain import planning
from services.notify.domain.planning import Planner
from services.notify.domain.recipients import RecipientDirectory, ResolvedUnit


def directory(sink: str) -> RecipientDirectory:
    return FileDirectory.load(PACKAGED_DIRECTORY, substitutions={"sink": sink}).directory


def test_each_route_is_resolved_once_per_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    resolve = RecipientDirectory.unit_for

    def counting(self: RecipientDirectory, route: str) -> ResolvedUnit | None:
        asked.append(route)
        return resolve(self, route)

    monkeypatch.setattr(RecipientDirectory, "unit_for", counting)
    first = directory("http://one")
    planner = Planner(load_matrix(PACKAGED_MATRIX), first)
    for _ in range(3):
        assert planner._unit_for("BAWASLU:18.01") == resolve(first, "BAWASLU:18.01")
        assert planner._unit_for("NOWHERE:1") is None
    assert asked == ["BAWASLU:18.01", "NOWHERE:1"]

    second = directory("http://two")
    planner.directory = second  # a new directory: its own answers
    unit = planner._unit_for("BAWASLU:18.01")
    assert unit == resolve(second, "BAWASLU:18.01") and unit != resolve(first, "BAWASLU:18.01")
    assert asked[-1] == "BAWASLU:18.01" and len(asked) == 3


def test_the_remembered_routes_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planning, "RESOLVED_ROUTES", 2)
    planner = Planner(load_matrix(PACKAGED_MATRIX), directory("http://one"))
    for route in ("BAWASLU:18.01", "BAWASLU:18.02", "BAWASLU:18.03"):
        planner._unit_for(route)
    assert set(planner._units[1]) == {"BAWASLU:18.03"}
