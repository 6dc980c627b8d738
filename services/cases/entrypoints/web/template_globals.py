"""Values the issue-14 templates (why panel, access log link) read beside each page's own.

Kept apart from templating.py so that module only gains one line, and free of the
workspace's request modules (templating imports it at start-up).
"""

from __future__ import annotations

from typing import Any, Final

from schemas.triage import Category, SubjectType
from services.cases.domain.access_log_scope import may_read_access_log

# The correction form's choices, in the contract's order (DOMAIN.md 4.1, 4.2).
TRIAGE_CHOICES: Final[dict[str, tuple[str, ...]]] = {
    "category": tuple(c.value for c in Category),
    "subject_type": tuple(s.value for s in SubjectType),
}
GLOBALS: Final[dict[str, Any]] = {
    "triage_choices": TRIAGE_CHOICES,
    "may_read_access_log": may_read_access_log,
}
