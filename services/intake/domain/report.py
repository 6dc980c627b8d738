"""Turning a validated submission into the `report.received` event. Pure.

The reporter's identity leaves this module only sealed (AES-GCM, the report id as
associated data, so a ciphertext cannot be moved to another report).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from schemas.envelope import Envelope
from schemas.events import REPORT_RECEIVED
from schemas.ids import new_event_id, new_tracking_code
from schemas.reports import (
    DeskFiling,
    EvidenceRef,
    ReportContent,
    ReportReceived,
    ReportSubmission,
    SealedReporter,
    SealedWitness,
    witness_seal_context,
)
from services.common.crypto import Keyring

SOURCE = "netra/intake"
ReceivedEvent = Envelope[ReportReceived]


def new_report_id() -> str:
    return "RPT-" + new_event_id().hex.upper()


def seal_reporter(
    submission: ReportSubmission, *, report_id: str, keyring: Keyring
) -> SealedReporter:
    reporter = submission.reporter
    # Without a name Bawaslu cannot register the report (a formal requirement), so an
    # unnamed report is anonymous whatever the flag said; it can still start a finding.
    anonymous = reporter.anonymous or not reporter.name
    flags = {"anonymous", "wants_updates", "language", "confidential"}
    identity = reporter.model_dump(exclude=flags, exclude_none=True)
    confidential = reporter.confidential and not anonymous
    if not identity:
        return SealedReporter(
            anonymous=anonymous,
            wants_updates=reporter.wants_updates,
            language=reporter.language,
            confidential=confidential,
        )
    sealed = keyring.seal(identity, context=report_id)
    return SealedReporter(
        anonymous=anonymous,
        wants_updates=reporter.wants_updates,
        language=reporter.language,
        confidential=confidential,
        key_id=sealed.key_id,
        nonce=sealed.nonce,
        ciphertext=sealed.ciphertext,
    )


def seal_witnesses(
    submission: ReportSubmission, *, report_id: str, keyring: Keyring
) -> list[SealedWitness]:
    sealed = []
    for index, witness in enumerate(submission.witnesses):
        box = keyring.seal(
            witness.model_dump(exclude_none=True), context=witness_seal_context(report_id, index)
        )
        sealed.append(SealedWitness(key_id=box.key_id, nonce=box.nonce, ciphertext=box.ciphertext))
    return sealed


def receive(
    submission: ReportSubmission,
    *,
    keyring: Keyring,
    now: datetime,
    evidence: Sequence[EvidenceRef] = (),
    filed_by: DeskFiling | None = None,
) -> ReceivedEvent:
    return receive_as(
        submission,
        report_id=new_report_id(),
        tracking_code=new_tracking_code(),
        keyring=keyring,
        now=now,
        evidence=evidence,
        filed_by=filed_by,
    )


def receive_as(
    submission: ReportSubmission,
    *,
    report_id: str,
    tracking_code: str,
    keyring: Keyring,
    now: datetime,
    evidence: Sequence[EvidenceRef] = (),
    filed_by: DeskFiling | None = None,
) -> ReceivedEvent:
    """The event under ids the caller chose (a feed's are derived: domain/feed_identity.py)."""
    content = ReportContent.model_validate(submission.model_dump(exclude={"reporter", "witnesses"}))
    payload = ReportReceived(
        report_id=report_id,
        tracking_code=tracking_code,
        received_at=now,
        content=content,
        reporter=seal_reporter(submission, report_id=report_id, keyring=keyring),
        witnesses=seal_witnesses(submission, report_id=report_id, keyring=keyring),
        evidence=list(evidence),
        filed_by=filed_by,
    )
    return ReceivedEvent(
        source=SOURCE, type=REPORT_RECEIVED, subject=report_id, time=now, data=payload
    )
