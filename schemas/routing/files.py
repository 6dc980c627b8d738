"""Read a routing rules file: the packaged one, or a replacement staff point triage at.

Triage reads the configured file at start-up (`TRIAGE_RULES_FILE`). Cases re-routes a staff
correction with `packaged_rules()`, read once on first use, so both apply the same
contract from the same file instead of each keeping its own copy.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from schemas.routing.parsing import RulesError, parse_rules
from schemas.routing.rules import RuleSet

PACKAGED_RULES_FILE = Path(__file__).resolve().parent / "routing_rules.yaml"


def read_rules(path: Path) -> RuleSet:
    """Read and validate a routing rules file; every problem is a `RulesError`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read rules file: {exc}") from exc
    return parse_rules(data, str(path))


@cache
def packaged_rules() -> RuleSet:
    return read_rules(PACKAGED_RULES_FILE)
