"""Validating what a reporter sent, whichever channel it came through. Pure.

The rules themselves are the `ReportSubmission` model (schemas/reports.py); here they
are applied and their failures named field by field, as the problem+json answer and
the portal's error list show them.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from schemas.reports import (
    FORM_CONTENT_FIELDS,
    FORM_REPORTER_FIELDS,
    FORM_WITNESS_SLOTS,
    Channel,
    DeskFiling,
    ReportSubmission,
)
from services.intake.domain.errors import InvalidSubmission


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
        for e in exc.errors()
    ]


def validate_submission(document: object) -> ReportSubmission:
    try:
        return ReportSubmission.model_validate(document)
    except ValidationError as exc:
        raise InvalidSubmission(field_errors(exc)) from exc


# Set by intake for the channels that authenticate their sender, never by the sender.
FEED_ONLY_FIELDS = ("source", "source_id")
# What anyone may file through `POST /v1/reports`: intake has no mailbox of its own, so a
# report that came by email is typed in (or forwarded) through the API like a web one.
PUBLIC_CHANNELS = (Channel.WEB, Channel.API, Channel.EMAIL)
# The route of each other channel, the one that authenticates its sender (en, id).
FILED_ELSEWHERE = {
    Channel.HOTLINE: (
        "the hotline desk files it (POST /v1/hotline/reports)",
        "laporan telepon dicatat oleh meja hotline",
    ),
    Channel.SMS: (
        "the SMS gateway delivers it (POST /v1/gateway/inbound)",
        "SMS diterima lewat gateway SMS",
    ),
    Channel.WHATSAPP: (
        "the WhatsApp gateway delivers it (POST /v1/gateway/inbound)",
        "WhatsApp diterima lewat gateway WhatsApp",
    ),
    Channel.BAWASLU_FEED: (
        "only an authenticated feed files it (POST /v1/feeds/reports with its feed token)",
        "hanya diajukan oleh feed yang terautentikasi",
    ),
}


def channel_errors(channel: Channel) -> list[dict[str, str]]:
    if channel in PUBLIC_CHANNELS:
        return []
    allowed = ", ".join(c.value for c in PUBLIC_CHANNELS)
    where_en, where_id = FILED_ELSEWHERE[channel]
    message = (
        f"channel {channel.value} is not accepted here; allowed: {allowed}; {where_en} "
        f"(kanal {channel.value} tidak diterima di sini; yang diizinkan: {allowed}; {where_id})"
    )
    return [{"field": "channel", "message": message}]


def feed_field_errors(submission: ReportSubmission) -> list[dict[str, str]]:
    return [
        {"field": name, "message": "only an authenticated feed sets this (POST /v1/feeds/reports)"}
        for name in FEED_ONLY_FIELDS
        if getattr(submission, name) is not None
    ]


def validate_public_submission(document: object) -> ReportSubmission:
    """`POST /v1/reports`: anyone may call it, so it files only the public channels and
    cannot speak as a feed, the desk or the gateway."""
    submission = validate_submission(document)
    errors = channel_errors(submission.channel) + feed_field_errors(submission)
    if errors:
        raise InvalidSubmission(errors)
    return submission


def validate_feed_item(item: object, *, source: str) -> ReportSubmission:
    """One report of a feed's batch: channel and source are the authenticated feed's."""
    if not isinstance(item, dict):
        raise InvalidSubmission([{"field": "body", "message": "each report is a JSON object"}])
    claimed = [name for name in ("channel", "source") if name in item]
    if claimed:
        raise InvalidSubmission(
            [{"field": n, "message": "set by intake from the feed token"} for n in claimed]
        )
    if not item.get("source_id"):
        raise InvalidSubmission(
            [{"field": "source_id", "message": "the feed's own id of the report is required"}]
        )
    return validate_submission({**item, "channel": Channel.BAWASLU_FEED.value, "source": source})


def witness_slots_used(form: dict[str, str]) -> list[int]:
    """The form's witness rows that hold anything, in order: `witnesses.<i>` is the i-th of
    these. A contact without a name is kept, so the missing name is named, not dropped."""
    return [
        n
        for n in range(1, FORM_WITNESS_SLOTS + 1)
        if form.get(f"witness_{n}_name", "").strip() or form.get(f"witness_{n}_contact", "").strip()
    ]


def submission_from_form(form: dict[str, str], *, language: str) -> dict[str, Any]:
    """The portal form's fields in the API's shape; an empty input means "not given".

    `language` is the page's (?lang=): the reporter's updates come in it."""

    def given(name: str) -> str | None:
        return form.get(name, "").strip() or None

    reporter: dict[str, Any] = {k: given(k) for k in FORM_REPORTER_FIELDS if given(k)}
    mode = form.get("filing", "")
    reporter["anonymous"] = form.get("anonymous") == "1" or mode == "anonymous"
    reporter["confidential"] = mode == "confidential"
    reporter["wants_updates"] = form.get("wants_updates") == "1"
    reporter["language"] = language
    content = {k: given(k) for k in FORM_CONTENT_FIELDS if given(k)}
    witnesses = [
        {"name": given(f"witness_{n}_name") or "", "contact": given(f"witness_{n}_contact")}
        for n in witness_slots_used(form)
    ]
    return {"channel": "web", **content, "reporter": reporter, "witnesses": witnesses}


def validate_desk_call(report: object, filed_by: object) -> tuple[ReportSubmission, DeskFiling]:
    """A call taken at the hotline desk: channel hotline (whatever the body says), nothing a
    feed sets, and the operator with the caller's consent; every wrong field named at once."""
    errors: list[dict[str, str]] = []
    if isinstance(report, dict) and report.get("channel", "hotline") != "hotline":
        errors.append({"field": "channel", "message": "the desk files channel hotline only"})
    document = {**report, "channel": Channel.HOTLINE.value} if isinstance(report, dict) else report
    submission: ReportSubmission | None = None
    try:
        submission = validate_submission(document)
    except InvalidSubmission as exc:
        errors += exc.errors
    else:
        errors += feed_field_errors(submission)
    try:
        filing = DeskFiling.model_validate(filed_by)
    except ValidationError as exc:
        errors += [desk_error(e) for e in field_errors(exc)]
    if errors or submission is None:
        raise InvalidSubmission(errors)
    return submission, filing


NO_CONSENT = (
    "the caller's consent to record and process the report is required "
    "(persetujuan penelepon wajib sebelum laporan dicatat)"
)


def desk_error(error: dict[str, str]) -> dict[str, str]:
    field = f"filed_by.{error['field']}"
    consent = error["field"] == "caller_consented"
    return {"field": field, "message": NO_CONSENT if consent else error["message"]}
