"""What the workspace shows before a staff link: both sides, checked as the link would be.

`links.plan_link` does every check the link itself does (role, jurisdiction of both cases,
the report known, not on this case already, not the only report of the case holding it),
and writes nothing, so a preview that shows is a link that will be taken (unless the
cases change meanwhile: the link re-checks everything).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.model import Actor
from services.cases.service_layer.links import plan_link
from services.cases.service_layer.ports import CaseStore, Document, StoredCase
from services.common.clock import Clock

PREVIEW_REASON = "preview"  # the checks need one; the link itself takes the staff's reason


@dataclass(frozen=True)
class LinkPreview:
    case: StoredCase  # the case the report would join
    report: Document  # the report's stored document, with the case that holds it now
    source: StoredCase | None  # that case, when it is another one


async def preview_link(
    *,
    store: CaseStore,
    policy: DeadlinePolicy,
    clock: Clock,
    actor: Actor,
    case_id: str,
    report_id: str,
) -> LinkPreview:
    plan = await plan_link(
        store=store,
        policy=policy,
        actor=actor,
        case_id=case_id,
        report_id=report_id,
        reason=PREVIEW_REASON,
        now=clock.now(),
        trace_id=None,
    )
    return LinkPreview(case=plan.stored, report=plan.report, source=plan.source)
