from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.cases.domain.lifecycle.commands import (
    DecidePlenary,
    RecordBknRecommendation,
    StartReview,
)
from services.cases.domain.lifecycle.table import TRANSITIONS
from services.cases.domain.vocabulary import Outcome, SanctionLevel
from services.cases.entrypoints.web.action_forms import (
    UnknownCommand,
    action_form,
    action_forms,
    command_from_form,
)


def test_every_domain_command_has_a_form() -> None:
    forms = action_forms(list(TRANSITIONS))
    assert [f.command for f in forms] == list(TRANSITIONS)


def test_required_fields_follow_the_transition_table() -> None:
    form = action_form("decide_plenary")
    by_name = {f.name: f for f in form.fields}
    assert by_name["outcomes"].required and by_name["outcomes"].widget == "checkboxes"
    assert by_name["reason"].required and by_name["reason"].widget == "textarea"
    assert form.fields[-1].name == "reason"


def test_sanction_level_is_a_select_and_start_review_only_asks_a_reason() -> None:
    sanction = {f.name: f for f in action_form("record_bkn_recommendation").fields}
    assert sanction["sanction_level"].widget == "select"
    assert [f.name for f in action_form("start_review").fields] == ["reason"]
    assert not action_form("start_review").fields[0].required


def test_links_never_offer_the_anonymous_flag() -> None:
    assert "anonymous" not in {f.name for f in action_form("link_report").fields}


def test_destructive_commands_ask_for_confirmation() -> None:
    assert action_form("close").confirm and not action_form("start_review").confirm


def test_parse_plenary_with_several_outcomes() -> None:
    command = command_from_form(
        "decide_plenary", {"outcomes": ["neutrality", "criminal"], "reason": [" pleno "]}
    )
    assert command == DecidePlenary(
        outcomes=frozenset({Outcome.NEUTRALITY, Outcome.CRIMINAL}), reason="pleno"
    )


def test_blank_values_are_left_out_so_the_domain_reports_them_missing() -> None:
    assert (
        command_from_form("start_review", {"reason": ["  "], "csrf_token": ["x"]}) == StartReview()
    )


def test_missing_items_split_on_commas() -> None:
    command = command_from_form("request_completion", {"missing": ["alamat, bukti ,"]})
    assert getattr(command, "missing", None) == ("alamat", "bukti")


def test_sanction_level_parsed_and_bad_choice_rejected() -> None:
    ok = command_from_form("record_bkn_recommendation", {"sanction_level": ["medium"]})
    assert ok == RecordBknRecommendation(sanction_level=SanctionLevel.MEDIUM)
    with pytest.raises(ValidationError):
        command_from_form("record_bkn_recommendation", {"sanction_level": ["jail"]})


def test_unknown_command_is_refused() -> None:
    with pytest.raises(UnknownCommand):
        command_from_form("delete_everything", {})
