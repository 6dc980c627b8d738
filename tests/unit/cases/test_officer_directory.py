"""The officers cases may assign come from notify's directory file: its `officer` people in
units of one office; supervisors, wildcard units and contacts are left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.cases.adapters.officer_directory import OfficerDirectoryError, load_roster
from services.cases.domain.assignment import Officer, Roster, assignable_officers, may_be_assigned
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.settings import CasesSettings
from tests.unit.cases.cases_builders import new_case


def test_the_packaged_directory_gives_the_lampung_selatan_officers() -> None:
    roster = load_roster(CasesSettings().notify_directory_file)
    assert [(o.id, o.authority, o.office) for o in roster.officers] == [
        ("staf.lamsel.01", "BAWASLU", "18.01"),
        ("staf.lamsel.02", "BAWASLU", "18.01"),
    ]
    assert roster.name_of("staf.lamsel.01") == "Siti Rahmawati"
    assert roster.name_of("gone.officer") == "gone.officer"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("units: {}", "no `units` list"),
        ("units:\n  - {pattern: 'BAWASLU:18', name: x, people: x}", "people is not a list"),
        (
            "units:\n"
            "  - {pattern: 'BKN:18', name: a, people: [{id: a.1, name: A, role: officer}]}\n"
            "  - {pattern: 'BKN:52', name: b, people: [{id: a.1, name: B, role: officer}]}\n",
            "appears twice",
        ),
    ],
)
def test_a_malformed_directory_stops_start_up(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "directory.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OfficerDirectoryError, match=why):
        load_roster(path)


def officer(officer_id: str, authority: str, office: str) -> Officer:
    return Officer(id=officer_id, name=officer_id, authority=authority, office=office, unit="u")


ROSTER = Roster(
    (
        officer("b.1812", "BAWASLU", "18.12"),
        officer("b.1801", "BAWASLU", "18.01"),
        officer("b.ri", "BAWASLU", "RI"),
        officer("k.18", "BKN", "18"),
        officer("p.1812", "PEMDA", "18.12"),  # no staff role: never assignable
    )
)


def test_eligibility_follows_authority_jurisdiction_and_who_sees_the_case() -> None:
    case = new_case(region_code="18.12", routes=("BAWASLU:18.12",))
    regency = Actor(name="s", role=Role.BAWASLU, region="18.12")
    national = Actor(name="n", role=Role.BAWASLU, region="RI")
    admin = Actor(name="a", role=Role.ADMIN)
    eligible = {
        who.name: [o.id for o in ROSTER.officers if may_be_assigned(who, o, case)]
        for who in (regency, national, admin)
    }
    # A regency office cannot hand a case to the national office; the national one can.
    assert eligible == {"s": ["b.1812"], "n": ["b.1812", "b.ri"], "a": ["b.1812", "b.ri"]}
    assert [o.id for o in assignable_officers(ROSTER, regency)] == ["b.1812"]
    assert [o.id for o in assignable_officers(ROSTER, admin)] == [
        "b.1812",
        "b.1801",
        "b.ri",
        "k.18",
    ]
