"""The Renderer: Jinja2 templates per event type x audience x language, one block per channel.

`templates/<audience>/<event type>.<language>.j2` defines three blocks: `subject`, `body`
(email text, the webhook's `text`) and `short` (SMS and WhatsApp; the subject when
absent). A missing event type falls back to `<audience>/_generic.<language>.j2`, so a new
event is never dropped for want of words; tests/unit/notify/test_templates.py lists the
event types that must have their own. Text templates are not escaped (they are not HTML);
the email's HTML part is the body put into `_layout.html.j2` by an autoescaping
environment, so whatever the context holds arrives in HTML as text, never as markup.

Reporters' templates see only `reporter_context` (tracking code, citizen status label).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import ChainableUndefined, Environment, FileSystemLoader, Template, TemplateNotFound

from services.notify.domain.labels import (
    AUTHORITY_LABELS,
    CATEGORY_LABELS,
    DISPOSITION_LABELS,
    EVENT_LABELS,
    STATUS_LABELS,
    Label,
)
from services.notify.domain.plans import Audience, ChannelName, Message, PlannedDelivery
from services.notify.domain.reporter_view import language_of, reporter_context

TEMPLATES = Path(__file__).parent / "templates"
GENERIC = "_generic"
BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")
SHORT_CHANNELS = frozenset({ChannelName.SMS, ChannelName.WHATSAPP})
Code = TypeVar("Code", bound=StrEnum)


def _labeller(table: Mapping[Code, Label], lang: str) -> Callable[[object], str]:
    # The table turned once into member value -> label: a label is one dict lookup, no
    # enum lookup (and no ValueError) per code; an unknown code is shown as it is.
    words: dict[str, str] = {code.value: getattr(found, lang) for code, found in table.items()}

    def label(code: object) -> str:
        text = str(code)
        return words.get(text, text)

    return label


def _route_label(lang: str) -> Callable[[object], str]:
    authority = _labeller(AUTHORITY_LABELS, lang)

    def label(route: object) -> str:
        code, _, region = str(route).partition(":")
        return f"{authority(code)} {region}".strip()

    return label


@cache
def _labellers(lang: str) -> dict[str, Callable[[object], str]]:
    """The label filters of one language, made at its first render, not at every one."""
    return {
        "status_label": _labeller(STATUS_LABELS, lang),
        "track_label": _labeller(DISPOSITION_LABELS, lang),
        "category_label": _labeller(CATEGORY_LABELS, lang),
        "authority_label": _labeller(AUTHORITY_LABELS, lang),
        "route_label": _route_label(lang),
    }


def when(value: object) -> str:
    """An ISO 8601 moment as officials write it (`10-11-2026 17:00 UTC+07:00`); else as is."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return moment_text(moment)


@lru_cache(maxsize=1024)
def moment_text(moment: datetime) -> str:
    """`when` of a datetime already parsed (the event's own time: no text round trip).
    Kept for the last moments: an event's deliveries (3-4 on average) share its time, and
    strftime was most of what this cost."""
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset not in ("", "+0000") else "UTC"
    return f"{moment:%d-%m-%Y %H:%M} {zone}"


class JinjaRenderer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        loader = FileSystemLoader(directory)
        # The packaged templates change only with a release (a restart): no stat of the
        # file on every render to see whether it changed.
        common: dict[str, Any] = {
            "loader": loader,
            "undefined": ChainableUndefined,
            "auto_reload": False,
        }
        self.text = Environment(autoescape=False, keep_trailing_newline=False, **common)  # noqa: S701 - plain text, never HTML
        self.html = Environment(autoescape=True, **common)
        self.text.filters["when"] = when
        # (audience, template, event type, language) -> the template that renders it. A
        # name without a file is looked up once, not on every render: Jinja caches what
        # it found, never what it did not (a failed lookup searched the disk and raised).
        self._chosen: dict[tuple[Audience, str, str, str], Template] = {}

    def has_own_template(self, audience: Audience, event_type: str, lang: str) -> bool:
        return (self.directory / audience.value / f"{event_type}.{lang}.j2").is_file()

    def render(self, planned: PlannedDelivery) -> Message:
        lang = language_of(planned.addressee.language)
        variables = self._variables(planned, lang)
        template = self._template(planned, lang)
        context = template.new_context(variables)

        def block(name: str) -> str:
            render = template.blocks.get(name)
            if render is None:
                return ""
            # A condition that did not hold leaves its line empty: one blank line at most.
            return BLANK_LINES.sub("\n\n", "".join(render(context))).strip()

        subject = " ".join(block("subject").split())
        channel = planned.addressee.channel
        # An SMS or a WhatsApp never shows the body: not rendered for them.
        text = (block("short") or subject) if channel in SHORT_CHANNELS else block("body")
        html = None
        if channel == ChannelName.EMAIL:
            paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
            html = self.layout.render(lang=lang, subject=subject, paragraphs=paragraphs)
        return Message(
            subject=subject,
            text=text,
            html=html,
            data=self._data(planned, variables, subject, text),
        )

    @cached_property
    def layout(self) -> Template:
        """The email layout, looked up once, at the first email."""
        return self.html.get_template("_layout.html.j2")

    def _template(self, planned: PlannedDelivery, lang: str) -> Template:
        key = (planned.audience, planned.template, planned.event_type, lang)
        chosen = self._chosen.get(key)
        if chosen is None:
            chosen = self._chosen[key] = self._find_template(planned, lang)
        return chosen

    def _find_template(self, planned: PlannedDelivery, lang: str) -> Template:
        for name in dict.fromkeys((planned.template, planned.event_type)):
            try:
                return self.text.get_template(f"{planned.audience.value}/{name}.{lang}.j2")
            except TemplateNotFound:
                continue
        return self.text.get_template(f"{planned.audience.value}/{GENERIC}.{lang}.j2")

    @staticmethod
    def _variables(planned: PlannedDelivery, lang: str) -> dict[str, Any]:
        event = EVENT_LABELS.get(planned.event_type)
        base: dict[str, Any] = {
            "lang": lang,
            "event_label": planned.event_type if event is None else getattr(event, lang),
        }
        if planned.audience is Audience.REPORTER:
            return base | reporter_context(planned.context, lang)
        return (
            base
            | dict(planned.context)
            | {
                "case_id": planned.case_id,
                "recipient_name": planned.addressee.name,
                "occurred_at": moment_text(planned.occurred_at),
            }
            | _labellers(lang)
        )

    @staticmethod
    def _data(
        planned: PlannedDelivery, variables: Mapping[str, Any], subject: str, text: str
    ) -> dict[str, Any]:
        head = {
            "notification_id": planned.notification_id,
            "event_type": planned.event_type,
            "occurred_at": planned.occurred_at.isoformat(),
            "language": variables["lang"],
            "subject": subject,
            "text": text,
        }
        if planned.audience is Audience.REPORTER:
            return head | {
                "tracking_code": variables["tracking_code"],
                "status_label": variables["status_label"],
            }
        return head | {
            "event_id": planned.event_id,
            "case_id": planned.case_id,
            "context": dict(planned.context),
        }
