"""What intake's entrypoints are given by bootstrap: the ports and the configuration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from schemas.reports import DeskFiling, ReportSubmission
from services.common.clock import Clock
from services.common.crypto import Keyring
from services.common.json_limits import JsonLimits
from services.intake.domain.errors import EvidenceRefused, ReportNotSaved
from services.intake.domain.evidence import EvidenceLimits, Upload
from services.intake.domain.feed_identity import FeedTokens
from services.intake.domain.receipt import Receipt
from services.intake.service_layer.evidence import discard_added, store_evidence
from services.intake.service_layer.feed_filing import file_feed_report
from services.intake.service_layer.filing import file_report
from services.intake.service_layer.metrics import EVIDENCE_REFUSED
from services.intake.service_layer.ports import (
    EvidenceStore,
    ReportPublisher,
    Spool,
    StatusSource,
)


@dataclass(frozen=True)
class Intake:
    keyring: Keyring
    publisher: ReportPublisher
    spool: Spool
    statuses: StatusSource
    clock: Clock
    publish_timeout_s: float
    status_base_url: str
    input_limits: JsonLimits  # the shape of a JSON body and of the form
    retry_after_s: int  # told to a reporter whose report could not be kept
    feeds: FeedTokens  # who may file as a feed (POST /v1/feeds/reports)
    evidence_store: EvidenceStore
    evidence_limits: EvidenceLimits
    max_json_bytes: int  # a JSON body's bound; the app-wide one leaves room for uploads

    async def file(
        self,
        submission: ReportSubmission,
        uploads: Sequence[Upload] = (),
        *,
        keep_location: bool = False,
        filed_by: DeskFiling | None = None,
    ) -> Receipt:
        """The one accept path every channel takes, with what bootstrap configured
        (`filed_by`: the operator of a hotline report, set by the desk route only).

        Raise `EvidenceRefused` (nothing stored) or `ReportNotSaved` (nothing left behind).
        """
        try:
            stored = await store_evidence(
                uploads,
                limits=self.evidence_limits,
                store=self.evidence_store,
                keep_location=keep_location,
            )
        except EvidenceRefused:
            EVIDENCE_REFUSED.inc()
            raise
        try:
            return await file_report(
                submission,
                keyring=self.keyring,
                publisher=self.publisher,
                spool=self.spool,
                clock=self.clock,
                publish_timeout_s=self.publish_timeout_s,
                status_base_url=self.status_base_url,
                evidence=stored.refs,
                filed_by=filed_by,
            )
        except ReportNotSaved:
            await discard_added(self.evidence_store, stored.added)
            raise

    async def file_from_feed(self, submission: ReportSubmission) -> Receipt:
        """The same accept path under the ids derived from (source, source id)."""
        return await file_feed_report(
            submission,
            keyring=self.keyring,
            publisher=self.publisher,
            spool=self.spool,
            clock=self.clock,
            publish_timeout_s=self.publish_timeout_s,
            status_base_url=self.status_base_url,
        )


async def get_intake(request: Request) -> Intake:
    # async: FastAPI runs a plain `def` dependency in its thread pool, one thread hop
    # per request (measured in docs/decisions.md, "Throughput, measured").
    intake: Intake = request.app.state.intake
    return intake


IntakeDep = Annotated[Intake, Depends(get_intake)]
