"""The Jinja2 renderer: a template for every case event, the addressee's language, one
text per channel, HTML escaped, and nothing internal in what a reporter reads."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError

from schemas.events import PAYLOADS
from services.notify.adapters.jinja_renderer import TEMPLATES, JinjaRenderer
from services.notify.domain.plans import (
    Addressee,
    Audience,
    ChannelName,
    PlannedDelivery,
    planned_notification_id,
)

# Every case event notify is told of (issue 11 item 0). After the merge this list must
# equal the matrix's event types (the lead's merge adds that assertion against the file).
CASE_EVENT_TYPES = (
    "case.opened",
    "case.status_changed",
    "case.report_linked",
    "case.deadline_approaching",
    "case.deadline_missed",
    "case.registered",
    "case.forwarded",
    "case.assigned",
    "case.escalated",
    "case.closed",
    "case.report_unlinked",
    "case.triage_corrected",
)
# What a reporter who asked for updates may be told of.
REPORTER_EVENT_TYPES = (
    "case.opened",
    "case.status_changed",
    "case.report_linked",
    "case.registered",
    "case.forwarded",
    "case.escalated",
    "case.closed",
)
RENDERER = JinjaRenderer(TEMPLATES)
WHEN = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
OFFICIAL_CONTEXT = {
    "category": "MONEY_POLITICS",
    "region_code": "18.71",
    "routes": ["BAWASLU:18.71", "GAKKUMDU:18"],
    "needs_review": True,
    "from_status": "registered",
    "to_status": "forwarded",
    "status": "forwarded",
    "track": "neutrality",
    "recipient": "KEMENDAGRI:18",
    "deadline_at": "2026-11-10T17:00:00+07:00",
    "linked_reports": 3,
    "report_id": "RPT-2",
    "assignee": "officer-7",
    "registration": "report",
    "packet": {"category": "MONEY_POLITICS", "region_code": "18.71", "linked_reports": 3},
}
# What a careless planner might leave in a reporter's context: none of it may show.
LEAKY_REPORTER_CONTEXT = {
    "tracking_code": "NTR-7Q2K-9XPA",
    "to_status": "forwarded",
    "notes": "SECRET-NOTE the official is the regent's cousin",
    "assignee_name": "Budi Officialname",
    "reported_official": "Drs. Hidden Person",
    "other_reports": ["NTR-OTHER-0001"],
    "reason": "INTERNAL-REASON plenary minutes",
    "summary": "SUMMARY-OF-ANOTHER-REPORT",
}
LEAKS = ("SECRET-NOTE", "Budi", "Hidden Person", "NTR-OTHER", "INTERNAL-REASON", "SUMMARY-OF")


def planned(
    event_type: str,
    *,
    audience: Audience = Audience.OFFICIAL,
    channel: ChannelName = ChannelName.EMAIL,
    language: str = "id",
    context: Mapping[str, Any] = OFFICIAL_CONTEXT,
) -> PlannedDelivery:
    addressee = Addressee("bawaslu-lampung", "Bawaslu Lampung", channel, "x@y.id", language)
    nid = planned_notification_id(event_id="E1", recipient_id="r", channel=channel.value)
    return PlannedDelivery(
        nid, "E1", event_type, "CASE-1", WHEN, addressee, audience, event_type, context
    )


def test_every_published_case_event_type_is_in_the_list() -> None:
    """A case event added to the schemas without words for it fails here."""
    published = {event_type for event_type in PAYLOADS if event_type.startswith("case.")}
    assert published - set(CASE_EVENT_TYPES) == set()


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("event_type", CASE_EVENT_TYPES)
def test_every_case_event_has_its_own_official_template(event_type: str, language: str) -> None:
    assert RENDERER.has_own_template(Audience.OFFICIAL, event_type, language)
    message = RENDERER.render(planned(event_type, language=language))
    assert "CASE-1" in message.subject and "CASE-1" in message.text
    assert "Undefined" not in message.text


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("event_type", REPORTER_EVENT_TYPES)
def test_every_reporter_event_has_its_own_template(event_type: str, language: str) -> None:
    assert RENDERER.has_own_template(Audience.REPORTER, event_type, language)


def test_an_event_without_a_template_is_rendered_from_the_generic_one() -> None:
    message = RENDERER.render(planned("case.something_new"))
    assert message.subject == "[Netra] Case.something_new: CASE-1"
    assert "Status kasus: diteruskan." in message.text


@pytest.mark.parametrize(
    ("language", "words"),
    [("id", "Kasus baru"), ("en", "New case"), ("fr", "Kasus baru"), ("", "Kasus baru")],
)
def test_the_addressee_language_is_honoured_with_indonesian_by_default(
    language: str, words: str
) -> None:
    assert words in RENDERER.render(planned("case.opened", language=language)).subject


@pytest.mark.parametrize("event_type", [*REPORTER_EVENT_TYPES, "case.assigned"])
@pytest.mark.parametrize("channel", list(ChannelName))
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_reporter_reads_the_tracking_code_and_citizen_status_only(
    event_type: str, channel: ChannelName, language: str
) -> None:
    message = RENDERER.render(
        planned(
            event_type,
            audience=Audience.REPORTER,
            channel=channel,
            language=language,
            context=LEAKY_REPORTER_CONTEXT,
        )
    )
    everything = " ".join([message.subject, message.text, message.html or "", str(message.data)])
    assert "NTR-7Q2K-9XPA" in message.text
    assert not [leak for leak in LEAKS if leak in everything]
    assert "CASE-1" not in everything  # the internal case id is not the reporter's either
    if channel in (ChannelName.EMAIL, ChannelName.WEBHOOK):
        label = {"id": "Diteruskan ke instansi berwenang", "en": "Forwarded to the authority"}
        assert label[language] in message.text


def test_an_email_has_html_with_the_context_escaped() -> None:
    hostile = dict(OFFICIAL_CONTEXT, region_code="<script>alert(1)</script>")
    message = RENDERER.render(planned("case.opened", context=hostile))
    assert message.html is not None and "<script>" not in message.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in message.html
    assert "<script>alert(1)</script>" in message.text  # plain text stays plain


def test_sms_and_whatsapp_get_the_short_text_and_no_html() -> None:
    email = RENDERER.render(planned("case.deadline_missed"))
    sms = RENDERER.render(planned("case.deadline_missed", channel=ChannelName.SMS))
    whatsapp = RENDERER.render(planned("case.deadline_missed", channel=ChannelName.WHATSAPP))
    assert (
        sms.text
        == whatsapp.text
        == "Netra: TENGGAT TERLEWAT kasus CASE-1 (10-11-2026 17:00 UTC+07:00)."
    )
    assert sms.html is None and len(sms.text) < len(email.text)


def test_a_webhook_body_carries_ids_text_and_context() -> None:
    message = RENDERER.render(planned("case.forwarded", channel=ChannelName.WEBHOOK))
    assert message.html is None
    assert message.data["event_type"] == "case.forwarded"
    assert message.data["case_id"] == "CASE-1" and message.data["language"] == "id"
    assert message.data["text"] == message.text
    assert message.data["context"]["recipient"] == "KEMENDAGRI:18"


def test_a_short_message_does_not_render_the_body(tmp_path: Path) -> None:
    """The body is for emails and webhooks: one that cannot render fails them, not an SMS."""
    (tmp_path / "official").mkdir()
    (tmp_path / "official" / "case.opened.id.j2").write_text(
        "{% block subject %}Kasus {{ case_id }}{% endblock %}"
        "{% block body %}{{ no_such_function() }}{% endblock %}"
        "{% block short %}Netra: kasus {{ case_id }}{% endblock %}"
    )
    renderer = JinjaRenderer(tmp_path)
    assert renderer.render(planned("case.opened", channel=ChannelName.SMS)).text == (
        "Netra: kasus CASE-1"
    )
    with pytest.raises(UndefinedError):
        renderer.render(planned("case.opened", channel=ChannelName.WEBHOOK))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_label_filters_name_known_codes_and_show_unknown_ones_as_they_are(lang: str) -> None:
    from schemas.triage import Authority
    from services.notify.adapters.jinja_renderer import _labellers
    from services.notify.domain.labels import AUTHORITY_LABELS

    filters = _labellers(lang)
    known = next(iter(AUTHORITY_LABELS))
    word = getattr(AUTHORITY_LABELS[known], lang)
    assert filters["authority_label"](known) == word
    assert filters["authority_label"](Authority(known.value).value) == word
    assert filters["authority_label"]("NOT_AN_AUTHORITY") == "NOT_AN_AUTHORITY"
    assert filters["authority_label"](None) == "None"
    assert filters["route_label"](f"{known.value}:18.12") == f"{word} 18.12"
    assert filters["route_label"]("XYZ") == "XYZ"
    assert _labellers(lang) is filters  # made once per language


@pytest.mark.parametrize(
    "moment",
    [
        WHEN,
        datetime(2026, 11, 10, 17, 0, 5, 123456, tzinfo=timezone(timedelta(hours=7))),
        datetime(2026, 1, 2, 3, 4, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
        datetime(2026, 1, 2, 3, 4),  # naive
    ],
)
def test_an_event_time_reads_as_its_iso_text_would(moment: datetime) -> None:
    from services.notify.adapters.jinja_renderer import moment_text, when

    assert moment_text(moment) == when(moment.isoformat())
