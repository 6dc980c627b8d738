"""The notification matrix: the packaged file is valid, refuses what cannot be meant, and
docs/notifications.md shows exactly what it says."""

from __future__ import annotations

import pytest

from services.notify.adapters.directory_file import PACKAGED_DIRECTORY, FileDirectory
from services.notify.adapters.matrix_file import (
    DOC,
    PACKAGED_MATRIX,
    MatrixError,
    load_matrix,
    parse_matrix,
    with_table,
)
from services.notify.domain.directory_checks import coverage_problems
from services.notify.domain.matrix import Party


def test_the_docs_table_is_the_packaged_matrix() -> None:
    document = DOC.read_text(encoding="utf-8")
    assert document == with_table(document, load_matrix(PACKAGED_MATRIX)), (
        "run `python -m services.notify.adapters.matrix_file`"
    )


def test_the_packaged_directory_reaches_every_party_of_the_packaged_matrix() -> None:
    directory = FileDirectory.load(PACKAGED_DIRECTORY, substitutions={"sink": "http://s"})
    assert coverage_problems(directory.directory, load_matrix(PACKAGED_MATRIX)) == []


def test_a_directory_without_supervisors_is_a_problem() -> None:
    text = "version: 2\nunits: [{pattern: 'BAWASLU:*', name: B, contacts: [{channel: email, target: b@x.test}]}]"
    directory = FileDirectory.parse(text, substitutions={})
    problems = coverage_problems(directory.directory, load_matrix(PACKAGED_MATRIX))
    assert "BAWASLU:RI: no supervisor at or above it" in problems
    assert "route GAKKUMDU:11.01: no directory entry" in problems


def test_status_rules_select_by_target_status_and_disposition() -> None:
    matrix = load_matrix(PACKAGED_MATRIX)
    registered = {t.party for t in matrix.tells("case.status_changed", "registered", frozenset())}
    assert Party.REPORTER in registered
    assert matrix.tells("case.status_changed", "forwarded", frozenset()) == []
    crime = {t.party for t in matrix.tells("case.forwarded", None, frozenset({"criminal"}))}
    neutral = {t.party for t in matrix.tells("case.forwarded", None, frozenset({"neutrality"}))}
    assert Party.REPORTER in neutral - crime


RULE = "version: v\nescalate_after_days: 1\nrules: [{rule}]"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "{event: case.exploded, tell: [{party: reporter, channels: [email]}]}",
            "unknown case event",
        ),
        (
            "{event: case.closed, to_status: closed, tell: [{party: reporter, channels: [email]}]}",
            "to_status applies",
        ),
        ("{event: case.deadline_missed, tell: [{party: reporter, channels: [sms]}]}", "internal"),
        (
            "{event: case.closed, tell: [{party: receiving_body, channels: [email]}]}",
            "case.forwarded",
        ),
        ("{event: case.closed, tell: [{party: reporter, channels: [fax]}]}", "fax"),
        ("{event: case.closed, tell: [{party: mayor, channels: [email]}]}", "mayor"),
        (
            "{event: case.status_changed, to_status: lost, tell: [{party: ppk, channels: [email]}]}",
            "lost",
        ),
    ],
)
def test_a_bad_rule_is_refused_with_its_reason(rule: str, message: str) -> None:
    with pytest.raises(MatrixError, match=message):
        parse_matrix(RULE.format(rule=rule))
