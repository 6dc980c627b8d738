"""Validation names each wrong field; the portal form maps onto the API's shape."""

from __future__ import annotations

import pytest

from services.common.cli.demo_reports import DEMO_REPORTS
from services.intake.domain.errors import InvalidSubmission
from services.intake.domain.submission import (
    submission_from_form,
    validate_public_submission,
    validate_submission,
)

TEXT = "Camat Sukarame hadir di kampanye paslon nomor 2 di lapangan."


def test_a_valid_document_becomes_a_submission() -> None:
    submission = validate_submission({"channel": "api", "text": TEXT})
    assert submission.text == TEXT and not submission.reporter.name


def test_every_wrong_field_is_named() -> None:
    with pytest.raises(InvalidSubmission) as caught:
        validate_submission({"channel": "pigeon", "text": "short"})
    assert {e["field"] for e in caught.value.errors} == {"channel", "text"}


def test_a_whole_document_error_is_named_body() -> None:
    with pytest.raises(InvalidSubmission) as caught:
        validate_submission(["not", "an", "object"])
    assert [e["field"] for e in caught.value.errors] == ["body"]


def test_empty_form_inputs_mean_not_given() -> None:
    form = {"text": TEXT, "location_text": "  ", "name": "Dewi", "phone": "", "anonymous": "0"}
    assert submission_from_form(form, language="en") == {
        "channel": "web",
        "text": TEXT,
        "reporter": {
            "name": "Dewi",
            "anonymous": False,
            "confidential": False,
            "wants_updates": False,
            "language": "en",
        },
        "witnesses": [],
    }


def test_the_demo_reports_are_what_the_public_route_takes() -> None:
    # `netra demo` posts them to POST /v1/reports: none may need another route's channel.
    for report in DEMO_REPORTS:
        validate_public_submission(report)
