"""What a reporter's notification may show: an allow-list, not a deny-list.

The planner already gives reporter deliveries citizen-safe contexts; the renderer still
keeps only these fields, so an internal note, an official's name or another report put in
the context by mistake can never reach a reporter's inbox or phone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemas.cases import CaseStatus
from schemas.citizen_status import CITIZEN_STATUS
from services.notify.domain.citizen_labels import BEING_HANDLED

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def language_of(requested: str) -> str:
    """The addressee's language when we write it, else Bahasa Indonesia."""
    code = requested.strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def citizen_status_label(status: object, language: str) -> str:
    try:
        labels = CITIZEN_STATUS[CaseStatus(str(status))]
    except ValueError:
        return BEING_HANDLED[language]
    return labels["en" if language == "en" else "id"]


def reporter_context(context: Mapping[str, Any], language: str) -> dict[str, str]:
    """The tracking code and the citizen label of the status: all a reporter is shown."""
    status = context.get("to_status") or context.get("status")
    return {
        "tracking_code": str(context.get("tracking_code") or ""),
        "status_label": citizen_status_label(status, language),
    }
