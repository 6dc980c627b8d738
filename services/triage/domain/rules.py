"""Routing rules (DOMAIN.md 4.4) loaded from a versioned YAML file, and `route`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from schemas.triage import Category, RuleFiring, SubjectType
from services.triage.domain.errors import RulesError
from services.triage.domain.paths import DATA_DIR

DEFAULT_RULES_PATH = DATA_DIR / "routing_rules.yaml"
RULE_FIELDS = frozenset({"id", "explanation", "when", "routes", "stop"})
WHEN_FIELDS = frozenset({"category", "subject_type", "region", "region_pattern", "any"})
TEMPLATE_FIELDS = frozenset({"lvl", "region"})
NATIONAL = "RI"


@dataclass(frozen=True)
class Condition:
    categories: frozenset[Category] | None = None
    subject_types: frozenset[SubjectType] | None = None
    region_known: bool | None = None
    region_pattern: re.Pattern[str] | None = None
    any_of: tuple[Condition, ...] = ()

    def holds(self, category: Category, subject: SubjectType, region: str | None) -> bool:
        return (
            (self.categories is None or category in self.categories)
            and (self.subject_types is None or subject in self.subject_types)
            and (self.region_known is None or self.region_known == (region is not None))
            and (
                self.region_pattern is None
                or bool(region and self.region_pattern.fullmatch(region))
            )
            and (not self.any_of or any(c.holds(category, subject, region) for c in self.any_of))
        )


@dataclass(frozen=True)
class Rule:
    id: str
    explanation: str
    when: Condition
    routes: tuple[str, ...]
    stop: bool = False


@dataclass(frozen=True)
class RuleSet:
    version: str
    rules: tuple[Rule, ...]
    source: str


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


def load_rules(path: Path | None = None) -> RuleSet:
    """Load and validate a rules file; a replacement path can be given at start-up."""
    path = path or DEFAULT_RULES_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read rules file: {exc}") from exc
    return parse_rules(data, str(path))


def route(
    category: Category, subject_type: SubjectType, region_code: str | None, rules: RuleSet
) -> tuple[list[str], list[RuleFiring]]:
    """Apply the rules in order; return the routes and every rule that fired."""
    values = {"lvl": region_code or NATIONAL, "region": region_code or ""}
    routes: list[str] = []
    fired: list[RuleFiring] = []
    for rule in rules.rules:
        if not rule.when.holds(category, subject_type, region_code):
            continue
        added = [r.format(**values) for r in rule.routes]
        routes += [r for r in added if r not in routes]
        fired.append(RuleFiring(rule_id=rule.id, explanation=rule.explanation, routes=added))
        if rule.stop:
            break
    return routes, fired


__all__: Sequence[str] = ["RuleSet", "load_rules", "parse_rules", "route"]
