"""The directory file: the entry serving a route (the most specific wins, its name filled
with the route's level), validated at load, and the packaged file serves every route
authority triage can produce.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.triage import Authority, authority_of
from services.notify.adapters.directory_file import (
    PACKAGED_DIRECTORY,
    DirectoryError,
    FileDirectory,
)

SINK = "http://sink.test"
YAML = """
version: 2
units:
  - {pattern: "BAWASLU:*", name: "Bawaslu {code}", contacts: [{channel: webhook, target: "{sink}/b"}]}
  - {pattern: "BAWASLU:18*", name: "Bawaslu Lampung {code}",
     contacts: [{channel: webhook, target: "{sink}/lampung"}, {channel: email, target: "l@x.test"}]}
  - {pattern: "BAWASLU:18.12", name: "Bawaslu Tubaba", contacts: [{channel: webhook, target: "{sink}/t"}]}
  - {pattern: "KEMENDAGRI", name: "Kementerian Dalam Negeri",
     contacts: [{channel: webhook, target: "{sink}/k"}]}
"""


@pytest.fixture
def directory(tmp_path: Path) -> FileDirectory:
    path = tmp_path / "directory.yaml"
    path.write_text(YAML, encoding="utf-8")
    return FileDirectory.load(path, substitutions={"sink": SINK})


def hooks(directory: FileDirectory, route: str) -> list[str]:
    unit = directory.unit_for(route)
    assert unit is not None
    return [c.target for c in unit.contacts if c.channel == "webhook"]


def test_most_specific_entry_wins(directory: FileDirectory) -> None:
    tubaba = directory.unit_for("BAWASLU:18.12")
    assert tubaba is not None and tubaba.name == "Bawaslu Tubaba"
    assert hooks(directory, "BAWASLU:18.12") == [f"{SINK}/t"]
    lampung = directory.unit_for("BAWASLU:18.01")
    assert lampung is not None and lampung.name == "Bawaslu Lampung 18.01"
    assert hooks(directory, "BAWASLU:18.01") == [f"{SINK}/lampung"]


def test_the_unit_keeps_the_route_and_names_its_level(directory: FileDirectory) -> None:
    unit = directory.unit_for("BAWASLU:35")
    assert unit is not None
    assert (unit.route, unit.name) == ("BAWASLU:35", "Bawaslu 35")


def test_a_route_without_an_entry_has_no_unit(directory: FileDirectory) -> None:
    assert directory.unit_for("GAKKUMDU:18") is None
    assert directory.unit_for("KEMENDAGRI:18") is None


HOOK = "contacts: [{channel: webhook, target: 'https://h.test'}]"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 1\n", "version: 2"),
        (f"version: 2\nunits: [{{pattern: X, name: Y, colour: red, {HOOK}}}]", "colour"),
        (
            "version: 2\nunits: [{pattern: X, name: Y, contacts: [{channel: fax, target: t}]}]",
            "fax",
        ),
        ("version: 2\nunits: [{name: Y}]", "pattern"),
        ("version: 2\nunits: [{pattern: X, name: Y}]", "nobody to tell"),
        (
            "version: 2\nunits: [{pattern: X, name: Y, contacts: [{channel: sms, target: '0812'}]}]",
            "not an E.164 number",
        ),
        (
            "version: 2\nunits: [{pattern: X, name: Y, contacts: [{channel: email, target: a}]}]",
            "not an address",
        ),
        (
            "version: 2\nunits: [{pattern: X, name: Y, contacts: "
            "[{channel: email, target: a@b.test, secret_ref: s}]}]",
            "secret_ref is for webhook contacts only",
        ),
        (
            f"version: 2\nunits: [{{pattern: X, name: Y, {HOOK}}}, {{pattern: X, name: Z, {HOOK}}}]",
            "listed twice",
        ),
    ],
)
def test_a_bad_directory_file_is_refused_with_a_clear_reason(text: str, message: str) -> None:
    with pytest.raises(DirectoryError, match=message):
        FileDirectory.parse(text, substitutions={"sink": ""})


PACKAGED_ROUTES = (
    "BAWASLU:RI",
    "BAWASLU:18.12",
    "GAKKUMDU:52.03",
    "KEMENDAGRI",
    "TNI_POLRI",
    "PEMDA:52.03",
    "SP4N_LAPOR",
)


def test_the_packaged_directory_serves_every_route_authority() -> None:
    assert {authority_of(route) for route in PACKAGED_ROUTES} == set(Authority)
    directory = FileDirectory.load(PACKAGED_DIRECTORY, substitutions={"sink": SINK})
    for route in PACKAGED_ROUTES:
        unit = directory.unit_for(route)
        assert unit is not None, route
        webhooks = [c for c in unit.contacts if c.channel == "webhook"]
        assert webhooks and all(c.target.startswith(SINK) for c in webhooks), route
