"""The two sides of the link preview, shaped for the page and for what the actor may see.

Ops sees metadata only (domain/access.metadata_only): no summary and no report text on
either side, as everywhere else in the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.cases.domain.access import metadata_only
from services.cases.domain.model import Actor
from services.cases.service_layer.new_cases import summary_text
from services.cases.service_layer.ports import Document, StoredCase


@dataclass(frozen=True)
class CaseSide:
    case_id: str
    status: str
    category: str
    region_code: str | None
    routes: tuple[str, ...]
    reports: int
    opened_at: datetime
    summary: str | None


@dataclass(frozen=True)
class ReportSide:
    report_id: str
    tracking_code: str | None
    received_at: Any
    channel: str | None
    category: str | None
    region_code: str | None
    anonymous: bool
    text: str | None
    holder: CaseSide | None  # the case that holds the report now, when another one


def case_side(stored: StoredCase, actor: Actor) -> CaseSide:
    case = stored.state
    return CaseSide(
        case_id=case.case_id,
        status=case.status.value,
        category=case.category.value,
        region_code=case.region_code,
        routes=case.routes,
        reports=len(case.reports),
        opened_at=case.opened_at,
        summary=None if metadata_only(actor) else stored.summary,
    )


def report_side(report: Document, holder: StoredCase | None, actor: Actor) -> ReportSide:
    decision = report.get("decision") or {}
    content = report.get("content") or {}
    return ReportSide(
        report_id=str(report["_id"]),
        tracking_code=report.get("tracking_code"),
        received_at=report.get("received_at"),
        channel=content.get("channel"),
        category=decision.get("category"),
        region_code=decision.get("region_code"),
        anonymous=bool((report.get("reporter") or {}).get("anonymous", True)),
        text=None if metadata_only(actor) else summary_text(report),
        holder=case_side(holder, actor) if holder is not None else None,
    )
