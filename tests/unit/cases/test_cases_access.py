"""Access policy as a table: role x case x region -> can_view, can_read_reporter."""

from __future__ import annotations

import pytest

from schemas.triage import Category, SubjectType
from services.cases.domain.access import can_act, can_read_reporter, can_view
from services.cases.domain.lifecycle.table import TRANSITIONS
from services.cases.domain.model import Actor, CaseState
from services.cases.domain.vocabulary import Role
from tests.unit.cases.cases_builders import RECOMMEND, new_case, run

pytestmark = pytest.mark.unit


def commands_for_role(role: Role) -> tuple[str, ...]:
    return tuple(name for name, spec in TRANSITIONS.items() if role in spec.roles)


def _cases() -> dict[str, CaseState]:
    lampung = new_case()  # Tulang Bawang Barat, money politics: BAWASLU + GAKKUMDU 18.12
    return {
        "tubaba": lampung,
        "tubaba_anon": new_case(anonymous=True),
        "tubaba_at_ppk": run(lampung, RECOMMEND),  # neutrality track at PEMKAB:18.12's PPK
        "lumajang_pj": new_case(
            category=Category.CAMPAIGN_ACTIVITY,
            subject_type=SubjectType.REGIONAL_HEAD,
            region_code="35.08",
            routes=("BAWASLU:35.08", "KEMENDAGRI"),
        ),
        "unknown_place": new_case(
            category=Category.SOCIAL_MEDIA_SUPPORT, region_code=None, routes=("BAWASLU:RI",)
        ),
    }


CASES = _cases()


def actor(role: Role, region: str | None = None, agency: str | None = None) -> Actor:
    return Actor(name=f"{role}-{region}-{agency}", role=role, region=region, agency=agency)


ACTORS: dict[str, Actor] = {
    "bawaslu_tubaba": actor(Role.BAWASLU, "18.12"),
    "bawaslu_lampung": actor(Role.BAWASLU, "18"),
    "bawaslu_jatim": actor(Role.BAWASLU, "35"),
    "bawaslu_ri": actor(Role.BAWASLU, "RI"),
    "bawaslu_unscoped": actor(Role.BAWASLU),
    "bkn_pusat": actor(Role.BKN, "RI"),
    "bkn_lampung": actor(Role.BKN, "18"),
    "bkn_jatim": actor(Role.BKN, "35"),
    "gakkumdu_tubaba": actor(Role.GAKKUMDU, "18.12"),
    "gakkumdu_lumajang": actor(Role.GAKKUMDU, "35.08"),
    "gakkumdu_ri": actor(Role.GAKKUMDU, "RI"),
    "kemendagri": actor(Role.KEMENDAGRI),
    "ppk_pemkab_tubaba": actor(Role.PPK, agency="PEMKAB:18.12"),
    "ppk_region_tubaba": actor(Role.PPK, region="18.12"),
    "ppk_other": actor(Role.PPK, region="RI", agency="KEMENDIKBUD"),
    "ops": actor(Role.OPS),
    "admin": actor(Role.ADMIN),
    # Sees only cases of reports it filed at the hotline desk: none of these.
    "operator": Actor(name="Rina", role=Role.OPERATOR, subject="idp|rina"),
}

# actor -> cases it can view; "R" marks the ones whose reporter it may also read.
VISIBLE: dict[str, dict[str, str]] = {
    "bawaslu_tubaba": {"tubaba": "R", "tubaba_anon": "", "tubaba_at_ppk": "R"},
    "bawaslu_lampung": {"tubaba": "R", "tubaba_anon": "", "tubaba_at_ppk": "R"},
    "bawaslu_jatim": {"lumajang_pj": "R"},
    "bawaslu_ri": {name: "R" for name in CASES} | {"tubaba_anon": ""},
    "bawaslu_unscoped": {},
    "bkn_pusat": {"tubaba_at_ppk": ""},
    "bkn_lampung": {"tubaba_at_ppk": ""},
    "bkn_jatim": {},
    "gakkumdu_tubaba": {"tubaba": "R", "tubaba_anon": "", "tubaba_at_ppk": "R"},
    "gakkumdu_lumajang": {},
    "gakkumdu_ri": {"tubaba": "R", "tubaba_anon": "", "tubaba_at_ppk": "R"},
    "kemendagri": {"lumajang_pj": "", "tubaba_at_ppk": ""},
    "ppk_pemkab_tubaba": {"tubaba_at_ppk": ""},
    "ppk_region_tubaba": {"tubaba_at_ppk": ""},
    "ppk_other": {},
    "ops": {name: "" for name in CASES},
    "admin": {name: "R" for name in CASES} | {"tubaba_anon": ""},
    "operator": {},
}

CELLS = [(a, c) for a in ACTORS for c in CASES]


@pytest.mark.parametrize(("actor_name", "case_name"), CELLS)
def test_access_table(actor_name: str, case_name: str) -> None:
    who, case = ACTORS[actor_name], CASES[case_name]
    expected = VISIBLE[actor_name].get(case_name)
    assert can_view(who, case) == (expected is not None)
    assert can_read_reporter(who, case) == (expected == "R")


def test_table_covers_every_actor() -> None:
    assert set(VISIBLE) == set(ACTORS)
    assert {a.role for a in ACTORS.values()} == set(Role) - {Role.SYSTEM}


@pytest.mark.parametrize(
    ("actor_name", "case_name", "command", "expected"),
    [
        ("bawaslu_tubaba", "tubaba", "register", True),
        ("bawaslu_jatim", "tubaba", "register", False),  # outside its jurisdiction
        ("bkn_pusat", "tubaba_at_ppk", "register", False),  # not its role
        ("bkn_pusat", "tubaba_at_ppk", "escalate", True),
        ("kemendagri", "tubaba_at_ppk", "escalate", True),
        ("ppk_pemkab_tubaba", "tubaba_at_ppk", "record_sanction", True),
        ("ppk_pemkab_tubaba", "tubaba", "record_sanction", False),  # not at the PPK yet
        ("ops", "tubaba", "link_report", True),
        ("ops", "tubaba", "register", False),
        ("admin", "tubaba", "reopen", True),
        ("admin", "tubaba", "no_such_command", False),
    ],
)
def test_can_act(actor_name: str, case_name: str, command: str, expected: bool) -> None:
    assert can_act(ACTORS[actor_name], CASES[case_name], command) is expected


def test_permission_table_per_role() -> None:
    assert commands_for_role(Role.OPS) == ("link_report", "unlink_report")
    assert "take_over" not in commands_for_role(Role.ADMIN)
    assert set(commands_for_role(Role.PPK)) == {"record_sanction"}
    assert set(commands_for_role(Role.GAKKUMDU)) == {"conclude_track"}
    assert set(commands_for_role(Role.KEMENDAGRI)) == {"escalate"}
    assert set(commands_for_role(Role.SYSTEM)) == {"link_report"}
