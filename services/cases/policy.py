"""The deadline policy the service runs with: the rules file from settings, loaded once."""

from __future__ import annotations

from services.cases.domain.case_deadlines import DeadlinePolicy
from services.cases.domain.deadline_rules import DEFAULT_RULES_PATH, load_deadline_rules
from services.cases.settings import CasesSettings


def deadline_policy(settings: CasesSettings) -> DeadlinePolicy:
    """Fails at start-up on a malformed file (DeadlineConfigError), never mid-request."""
    rules = load_deadline_rules(settings.deadline_rules_file or DEFAULT_RULES_PATH)
    if settings.deadline_warn_before_hours is not None:
        rules = rules.model_copy(update={"warn_before_hours": settings.deadline_warn_before_hours})
    return DeadlinePolicy.from_rules(rules)
