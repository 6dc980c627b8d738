"""The packaged deadline rules and the policy built from them, loaded once per test session.

Production never falls back to these: bootstrap loads the configured file (or this one when
none is configured) and passes the policy everywhere. Tests ask for it by name.
"""

from __future__ import annotations

from functools import cache

from services.cases.adapters.deadline_rules_file import PACKAGED_RULES, load_deadline_rules
from services.cases.domain.deadlines import DeadlinePolicy, DeadlineRules


@cache
def packaged_rules() -> DeadlineRules:
    return load_deadline_rules(PACKAGED_RULES)


@cache
def packaged_policy() -> DeadlinePolicy:
    return DeadlinePolicy.from_rules(packaged_rules())
