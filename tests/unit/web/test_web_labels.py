"""The staff workspace names every status, disposition, route authority and timeline event
in Bahasa Indonesia and in English; a new code without both labels fails here."""

from __future__ import annotations

from enum import StrEnum

import pytest

from schemas.cases import CaseStatus, TrackKind, TrackStatus
from schemas.events import (
    CASE_ASSIGNED,
    CASE_CLOSED,
    CASE_DEADLINE_APPROACHING,
    CASE_DEADLINE_MISSED,
    CASE_ESCALATED,
    CASE_FORWARDED,
    CASE_OPENED,
    CASE_REGISTERED,
    CASE_REPORT_LINKED,
    CASE_REPORT_UNLINKED,
    CASE_STATUS_CHANGED,
    CASE_TRIAGE_CORRECTED,
    DLQ_MESSAGE,
    NOTIFICATION_DELIVERED,
    PAYLOADS,
    REPORT_RECEIVED,
    REPORT_TRIAGED,
)
from schemas.notifications import DeliveryStatus
from schemas.routing.files import packaged_rules
from schemas.triage import Authority
from services.cases.domain import labels
from services.cases.domain.labels import Language
from services.cases.domain.lifecycle.table import TRANSITIONS
from services.cases.entrypoints.web.i18n import LABEL_TABLES, LANGUAGES, Translator, catalogue

# Which timeline actions show each event type to staff (tr.action labels them).
TIMELINE_ACTIONS: dict[str, tuple[str, ...]] = {
    CASE_OPENED: ("opened",),
    CASE_REPORT_LINKED: ("link_report",),
    CASE_STATUS_CHANGED: tuple(TRANSITIONS),
    CASE_DEADLINE_APPROACHING: ("deadline_approaching",),
    CASE_DEADLINE_MISSED: ("deadline_missed",),
    NOTIFICATION_DELIVERED: tuple(f"notification.{s.value}" for s in DeliveryStatus),
    CASE_REGISTERED: ("register", "register_as_finding"),
    CASE_FORWARDED: ("forward_to_bkn", "forward_to_gakkumdu", "forward_to_authority"),
    CASE_ASSIGNED: ("assign", "unassign"),
    CASE_ESCALATED: ("escalate",),
    CASE_CLOSED: ("close",),
    CASE_REPORT_UNLINKED: ("unlink_report",),
    CASE_TRIAGE_CORRECTED: ("correct_triage",),
}
# Events before a case exists, or about the pipeline itself: never on a case's timeline.
NOT_ON_A_TIMELINE = frozenset({REPORT_RECEIVED, REPORT_TRIAGED, DLQ_MESSAGE})
ENUM_TABLES: list[tuple[str, type[StrEnum]]] = [
    ("status", CaseStatus),
    ("track", TrackKind),
    ("track_status", TrackStatus),
    ("authority", Authority),
]


@pytest.mark.parametrize(("kind", "enum"), ENUM_TABLES, ids=[k for k, _ in ENUM_TABLES])
def test_every_code_of_the_enum_has_both_labels(kind: str, enum: type[StrEnum]) -> None:
    table = LABEL_TABLES[kind]
    missing = {
        (code.value, language)
        for code in enum
        for language in LANGUAGES
        if not table.get(code.value, {}).get(language)
    }
    assert missing == set()


def test_every_event_type_is_placed_on_or_off_the_timeline() -> None:
    assert set(TIMELINE_ACTIONS) | NOT_ON_A_TIMELINE == set(PAYLOADS)
    assert not set(TIMELINE_ACTIONS) & NOT_ON_A_TIMELINE


def own_label(action: str, language: Language) -> str | None:
    """The action's label in this language itself, not a fallback to the other one."""
    if action in labels.COMMAND_LABELS:
        return labels.COMMAND_LABELS[action].get(language)
    return catalogue(language).get(f"action.timeline.{action}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_type", sorted(TIMELINE_ACTIONS))
def test_every_timeline_event_has_a_label(event_type: str, language: Language) -> None:
    for action in TIMELINE_ACTIONS[event_type]:
        assert own_label(action, language), f"{action} has no {language} label"
        assert Translator(language).action(action) != action


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_route_reads_as_its_authority_and_region(language: Language) -> None:
    tr = Translator(language)
    assert tr.route("GAKKUMDU:RI").startswith(labels.AUTHORITY_LABELS["GAKKUMDU"][language])
    assert tr.route("KEMENDAGRI") == labels.AUTHORITY_LABELS["KEMENDAGRI"][language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_packaged_routing_rule_explains_itself_in_the_page_language(
    language: Language,
) -> None:
    tr = Translator(language)
    for rule in packaged_rules().rules:
        assert f"why.rule.{rule.id}" in catalogue(language), rule.id
        assert tr.rule(rule.id, rule.explanation) == catalogue(language)[f"why.rule.{rule.id}"]
    assert Translator("en").rule("gakkumdu", "x") == packaged_explanation("gakkumdu")


def test_a_rule_the_catalogue_does_not_know_keeps_the_rule_files_text() -> None:
    assert Translator("id").rule("local-rule", "A rule of a replaced file.") == (
        "A rule of a replaced file."
    )


def packaged_explanation(rule_id: str) -> str:
    return next(r.explanation for r in packaged_rules().rules if r.id == rule_id)
