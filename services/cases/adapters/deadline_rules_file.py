"""The deadline rules file: parsed and validated once at start-up, never mid-request.

`PACKAGED_RULES` ships with the service; `DEADLINE_RULES_FILE` replaces it as a whole,
and whichever is configured is the only rule set in force (bootstrap passes the policy
to every use case and route).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from services.cases.domain.deadlines import DeadlinePolicy, DeadlineRules
from services.cases.domain.errors import DeadlineConfigError
from services.cases.domain.vocabulary import ElectionType

PACKAGED_RULES = Path(__file__).parent / "data" / "deadlines.yaml"


def parse_deadline_rules(text: str) -> DeadlineRules:
    try:
        rules = DeadlineRules.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise DeadlineConfigError(f"invalid deadline configuration: {exc}") from exc
    missing = set(ElectionType) - set(rules.election_types)
    if missing:
        raise DeadlineConfigError(f"deadline configuration lacks {sorted(missing)}")
    return rules


def load_deadline_rules(path: Path) -> DeadlineRules:
    return parse_deadline_rules(path.read_text(encoding="utf-8"))


def load_deadline_policy(path: Path | None, *, warn_before_hours: int | None) -> DeadlinePolicy:
    """The configured file, else the packaged one; a warning window from settings wins."""
    rules = load_deadline_rules(path or PACKAGED_RULES)
    if warn_before_hours is not None:
        rules = rules.model_copy(update={"warn_before_hours": warn_before_hours})
    return DeadlinePolicy.from_rules(rules)
