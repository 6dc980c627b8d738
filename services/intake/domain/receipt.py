"""What the reporter gets back: the tracking code and where to follow the report."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from schemas.reports import EvidenceRef, ReportReceived

AcceptedVia = Literal["published", "spooled"]


class Receipt(BaseModel):
    report_id: str
    tracking_code: str
    status_url: str
    accepted_via: AcceptedVia
    # What was kept of each file, with its hash: the reporter's proof of what they sent.
    evidence: list[EvidenceRef] = []


def receipt_for(
    report: ReportReceived, *, accepted_via: AcceptedVia, status_base_url: str
) -> Receipt:
    return Receipt(
        report_id=report.report_id,
        tracking_code=report.tracking_code,
        status_url=f"{status_base_url.rstrip('/')}/v1/status/{report.tracking_code}",
        accepted_via=accepted_via,
        evidence=report.evidence,
    )
