"""The routing rules (DOMAIN.md 4.4) as data, and `route`: apply them in order.

Triage routes every report with them, and cases re-routes a staff correction with the
same rules, so the contract is written down once (schemas/routing/routing_rules.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.triage import Category, RuleFiring, SubjectType

NATIONAL = "RI"  # `{lvl}` of a route when no region is known


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
    source: str  # where the rules came from, for error messages and logs


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
