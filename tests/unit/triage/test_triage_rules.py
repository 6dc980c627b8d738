"""Routing rules: the DOMAIN.md 4.4 table, the rules file validation, replacement files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from schemas.routing.files import PACKAGED_RULES_FILE, read_rules
from schemas.routing.parsing import RulesError, parse_rules
from schemas.routing.rules import RuleSet, route
from schemas.triage import Category as C
from schemas.triage import SubjectType as S

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return read_rules(PACKAGED_RULES_FILE)


@pytest.mark.parametrize(
    ("category", "subject", "region", "expected"),
    [
        (C.OUT_OF_SCOPE, S.VILLAGE, "32.05", ["SP4N_LAPOR"]),  # rule 1, and nothing else
        (C.SOCIAL_MEDIA_SUPPORT, S.ASN, "18.12", ["BAWASLU:18.12"]),  # rule 2
        (C.CAMPAIGN_ACTIVITY, S.ASN, None, ["BAWASLU:RI"]),  # <lvl> is RI when unknown
        (C.MONEY_POLITICS, S.ASN, "35", ["BAWASLU:35", "GAKKUMDU:35"]),  # rule 3
        (C.FAVORING_DECISION, S.UNKNOWN, None, ["BAWASLU:RI", "GAKKUMDU:RI"]),
        (
            C.PERSONNEL_CHANGE,
            S.REGIONAL_HEAD,
            "74.05",
            ["BAWASLU:74.05", "GAKKUMDU:74.05", "KEMENDAGRI"],
        ),  # rules 3 and 4
        (C.PERSONNEL_CHANGE, S.ASN, None, ["BAWASLU:RI", "GAKKUMDU:RI", "KEMENDAGRI"]),
        (C.MOBILIZATION, S.REGIONAL_HEAD, "82.71", ["BAWASLU:82.71", "KEMENDAGRI"]),  # rule 4
        (C.STATE_FACILITY, S.TNI_POLRI, "96", ["BAWASLU:96", "TNI_POLRI"]),  # rule 5
        (
            C.MONEY_POLITICS,
            S.VILLAGE,
            "52.03",
            ["BAWASLU:52.03", "GAKKUMDU:52.03", "PEMDA:52.03"],
        ),  # rule 6
        (C.MOBILIZATION, S.VILLAGE, None, ["BAWASLU:RI"]),  # no region, no Pemda
    ],
)
def test_domain_routing_table(
    rules: RuleSet, category: C, subject: S, region: str | None, expected: list[str]
) -> None:
    assert route(category, subject, region, rules)[0] == expected


def test_rules_fired_are_recorded_with_explanations(rules: RuleSet) -> None:
    _, fired = route(C.MONEY_POLITICS, S.VILLAGE, "52.03", rules)
    assert [f.rule_id for f in fired] == ["bawaslu", "gakkumdu", "pemda-village"]
    assert all(f.explanation for f in fired)
    assert fired[2].routes == ["PEMDA:52.03"]


def test_packaged_file_is_versioned(rules: RuleSet) -> None:
    assert rules.version and [r.id for r in rules.rules][:2] == ["out-of-scope", "bawaslu"]


def base() -> dict[str, Any]:
    data = yaml.safe_load(PACKAGED_RULES_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["rules"][1].update(colour="red"), "unknown field(s) ['colour']"),
        (lambda d: d["rules"][2]["when"].update(category=["BRIBERY"]), "unknown Category code"),
        (lambda d: d["rules"][4]["when"].update(subject_type=["MAYOR"]), "unknown SubjectType"),
        (lambda d: d["rules"][1]["when"].update(region_pattern="(18"), "bad regular expression"),
        (lambda d: d["rules"][1]["when"].update(region="maybe"), "must be 'known' or 'unknown'"),
        (lambda d: d["rules"][1]["when"].update(weather="sunny"), "unknown field(s) ['weather']"),
        (lambda d: d["rules"][2].update(id="bawaslu"), "duplicate rule id(s) ['bawaslu']"),
        (lambda d: d["rules"][1].pop("explanation"), "missing field(s) ['explanation']"),
        (lambda d: d["rules"][1].update(routes=["BAWASLU:{level}"]), "unknown template field"),
        (lambda d: d.pop("version"), "needs top-level `version`"),
    ],
)
def test_invalid_rules_fail_with_clear_errors(mutate: Any, message: str) -> None:
    data = base()
    mutate(data)
    with pytest.raises(RulesError, match=None) as err:
        parse_rules(data, "test.yaml")
    assert message in str(err.value)


def test_replacement_file_changes_routing_without_code(tmp_path: Path) -> None:
    data = base()
    data["version"] = "2025.1-test"
    data["rules"].append(
        {
            "id": "papua-extra",
            "explanation": "Papua provinces copy the regional office.",
            "when": {"region_pattern": r"9[1-7](\.\d\d)?", "region": "known"},
            "routes": ["BAWASLU_PAPUA:{region}"],
        }
    )
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    custom = read_rules(path)
    assert custom.version == "2025.1-test"
    assert route(C.MOBILIZATION, S.ASN, "91.06", custom)[0] == [
        "BAWASLU:91.06",
        "BAWASLU_PAPUA:91.06",
    ]
    assert route(C.MOBILIZATION, S.ASN, "18.12", custom)[0] == ["BAWASLU:18.12"]


def test_unreadable_rules_file_is_a_rules_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        read_rules(tmp_path / "missing.yaml")
