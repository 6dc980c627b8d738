"""What a reporter is shown: every case status has citizen words in both languages, an
unknown one reads "being handled", and a language we do not write falls back to id."""

from __future__ import annotations

import pytest

from schemas.cases import CaseStatus
from schemas.citizen_status import CITIZEN_STATUS
from services.notify.domain.reporter_view import citizen_status_label, language_of, reporter_context


@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_status_has_citizen_words_in_both_languages(status: CaseStatus) -> None:
    labels = CITIZEN_STATUS[status]
    assert labels["id"] and labels["en"] and labels["id"] != status.value


@pytest.mark.parametrize(
    ("requested", "used"), [("id", "id"), ("en", "en"), ("EN-gb", "en"), ("jv", "id"), ("", "id")]
)
def test_the_language_is_the_addressees_when_we_write_it(requested: str, used: str) -> None:
    assert language_of(requested) == used


def test_an_unknown_status_reads_as_being_handled() -> None:
    assert citizen_status_label("some_new_status", "id") == "Laporan sedang ditangani"
    assert citizen_status_label(None, "en") == "Your report is being handled"


def test_the_reporter_context_keeps_the_code_and_the_label_only() -> None:
    context = {"tracking_code": "NTR-1", "to_status": "closed", "notes": "internal", "status": "x"}
    assert reporter_context(context, "en") == {"tracking_code": "NTR-1", "status_label": "Closed"}
