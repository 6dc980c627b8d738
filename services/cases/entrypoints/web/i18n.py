"""The workspace's message catalogue: Bahasa Indonesia by default, English on request.

Messages live in messages/<lang>.json; domain codes (statuses, commands, outcomes...) take
their labels from the domain's `labels` module so the API and the UI never disagree.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Final, cast

from services.cases.domain import labels
from services.cases.domain.labels import Language
from services.cases.entrypoints.web.regions import region_label

LANGUAGES: Final[tuple[Language, ...]] = ("id", "en")
DEFAULT_LANGUAGE: Final[Language] = "id"
LANG_COOKIE: Final = "netra_lang"

LABEL_TABLES: Final[dict[str, labels.Labels]] = {
    "status": labels.STATUS_LABELS,
    "command": labels.COMMAND_LABELS,
    "outcome": labels.OUTCOME_LABELS,
    "track": labels.TRACK_KIND_LABELS,
    "track_status": labels.TRACK_STATUS_LABELS,
    "authority": labels.AUTHORITY_LABELS,
    "sanction": labels.SANCTION_LABELS,
    "deadline": labels.DEADLINE_STATE_LABELS,
}


@cache
def catalogue(language: Language) -> dict[str, str]:
    text = resources.files(__package__).joinpath("messages", f"{language}.json").read_text("utf-8")
    return cast(dict[str, str], json.loads(text))


def choose_language(query: str | None, cookie: str | None) -> Language:
    """?lang= wins over the cookie; anything unknown falls back to Bahasa Indonesia."""
    for candidate in (query, cookie):
        for language in LANGUAGES:
            if candidate == language:
                return language
    return DEFAULT_LANGUAGE


class Translator:
    """`t("key", name=...)` for UI text, `label("status", code)` for domain codes."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._messages = catalogue(language)
        self._fallback = catalogue(DEFAULT_LANGUAGE)

    def t(self, key: str, **values: object) -> str:
        text = self._messages.get(key) or self._fallback.get(key) or key
        return text.format(**values) if values else text

    def label(self, kind: str, code: str | None) -> str:
        if code is None:
            return "-"
        table = LABEL_TABLES.get(kind)
        if table is None:
            return self.t(f"{kind}.{code}")
        return labels.label(table, code, self.language)

    def action(self, action: str) -> str:
        """A timeline action: a command's label, else a catalogue entry, else the raw action."""
        if action in labels.COMMAND_LABELS:
            return labels.label(labels.COMMAND_LABELS, action, self.language)
        key = f"action.timeline.{action}"
        text = self.t(key)
        return action if text == key else text

    def rule(self, rule_id: str, explanation: str) -> str:
        """A routing rule's explanation in the page's language; the rule file's (English)
        text for a rule the catalogue does not know (a replaced rule file)."""
        key = f"why.rule.{rule_id}"
        text = self.t(key)
        return explanation if text == key else text

    def route(self, route: str) -> str:
        """ "BAWASLU:18.12" -> "Bawaslu 18.12 Kabupaten Tulang Bawang Barat"."""
        authority, _, code = route.partition(":")
        name = self.label("authority", authority)
        return f"{name} {region_label(code)}" if code else name

    @property
    def other_language(self) -> Language:
        return "en" if self.language == "id" else "id"
