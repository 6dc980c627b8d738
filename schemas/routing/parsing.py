"""Validate a parsed routing-rules document into a `RuleSet`.

The file is checked at start-up: an unknown field, code or template field, a bad
pattern or a duplicate id is a `RulesError` naming the rule and field, never a
surprise on some later report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from schemas.routing.rules import Condition, Rule, RuleSet
from schemas.triage import Category, SubjectType


class RulesError(ValueError):
    """The routing rules file is malformed; the message names the rule and field."""


RULE_FIELDS = frozenset({"id", "explanation", "when", "routes", "stop"})
WHEN_FIELDS = frozenset({"category", "subject_type", "region", "region_pattern", "any"})
TEMPLATE_FIELDS = frozenset({"lvl", "region"})


def _codes(enum: type[Category] | type[SubjectType], raw: Any, where: str) -> frozenset[Any]:
    if not isinstance(raw, list):
        raise RulesError(f"{where}: expected a list of codes")
    unknown = [c for c in raw if c not in enum.__members__]
    if unknown:
        raise RulesError(f"{where}: unknown {enum.__name__} code(s) {unknown}")
    return frozenset(enum(c) for c in raw)


def _pattern(raw: Any, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(raw))
    except re.error as exc:
        raise RulesError(f"{where}.region_pattern: bad regular expression {raw!r}: {exc}") from exc


def parse_condition(raw: Any, where: str) -> Condition:
    if not isinstance(raw, Mapping):
        raise RulesError(f"{where}: `when` must be a mapping")
    unknown = set(raw) - WHEN_FIELDS
    if unknown:
        raise RulesError(f"{where}: unknown field(s) {sorted(unknown)} in `when`")
    region = raw.get("region")
    if region not in (None, "known", "unknown"):
        raise RulesError(f"{where}.region: must be 'known' or 'unknown', not {region!r}")
    return Condition(
        categories=_codes(Category, raw["category"], f"{where}.category")
        if "category" in raw
        else None,
        subject_types=(
            _codes(SubjectType, raw["subject_type"], f"{where}.subject_type")
            if "subject_type" in raw
            else None
        ),
        region_known=None if region is None else region == "known",
        region_pattern=_pattern(raw["region_pattern"], where) if "region_pattern" in raw else None,
        any_of=tuple(
            parse_condition(c, f"{where}.any[{i}]") for i, c in enumerate(raw.get("any", []))
        ),
    )


def _check_template(route: str, where: str) -> str:
    fields = set(re.findall(r"{(\w*)}", route))
    if fields - TEMPLATE_FIELDS:
        raise RulesError(
            f"{where}: unknown template field(s) {sorted(fields - TEMPLATE_FIELDS)} in {route!r}"
        )
    return route


def parse_rule(raw: Any, index: int) -> Rule:
    where = f"rules[{index}]"
    if not isinstance(raw, Mapping):
        raise RulesError(f"{where}: a rule must be a mapping")
    unknown = set(raw) - RULE_FIELDS
    if unknown:
        raise RulesError(f"{where} ({raw.get('id', '?')}): unknown field(s) {sorted(unknown)}")
    missing = {"id", "explanation", "routes"} - set(raw)
    if missing:
        raise RulesError(f"{where}: missing field(s) {sorted(missing)}")
    where = f"{where} ({raw['id']})"
    routes = raw["routes"]
    if not isinstance(routes, list) or not all(isinstance(r, str) for r in routes):
        raise RulesError(f"{where}.routes: expected a list of strings")
    when = parse_condition(raw.get("when", {}), where)
    if any("{region}" in r for r in routes) and when.region_known is not True:
        raise RulesError(f"{where}: a route using {{region}} needs `region: known` in `when`")
    return Rule(
        id=str(raw["id"]),
        explanation=str(raw["explanation"]),
        when=when,
        routes=tuple(_check_template(r, where) for r in routes),
        stop=bool(raw.get("stop", False)),
    )


def parse_rules(data: Any, source: str) -> RuleSet:
    """`data` is the parsed YAML document; `source` names it in every error."""
    if not isinstance(data, Mapping) or "rules" not in data or "version" not in data:
        raise RulesError(f"{source}: needs top-level `version` and `rules`")
    unknown = set(data) - {"version", "rules"}
    if unknown:
        raise RulesError(f"{source}: unknown top-level field(s) {sorted(unknown)}")
    rules = tuple(parse_rule(r, i) for i, r in enumerate(data["rules"] or []))
    ids = [r.id for r in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RulesError(f"{source}: duplicate rule id(s) {duplicates}")
    return RuleSet(version=str(data["version"]), rules=rules, source=source)
