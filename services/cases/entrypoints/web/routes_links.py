"""Link a report into a case (a side-by-side preview first) and split one out, with a reason.

The preview runs every check of the link (`link_preview.preview_link`), the forms post to
`links.link_report` / `links.split_report`, called as the staff API calls them
(entrypoints/staff_calls.py). A role that may not link or split gets 403 on the page and
on a posted form alike (web_route.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from services.cases.domain.errors import Forbidden, InvalidTransition, ReportNotFound
from services.cases.entrypoints import staff_calls
from services.cases.entrypoints.deps import Cases, CasesDeps
from services.cases.entrypoints.web.deps import Form, UiPage, first
from services.cases.entrypoints.web.link_sides import case_side, report_side
from services.cases.entrypoints.web.routes_case import back_to, read_case
from services.cases.entrypoints.web.templating import Page, render
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.read_models.models import CaseRead
from services.cases.service_layer.link_preview import preview_link

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_REASON = 1000
MAX_REFERENCE = 100


async def linkable_case(cases: CasesDeps, page: Page, case_id: str) -> CaseRead:
    case = await read_case(cases, page, case_id)
    if not case.can_link:
        raise Forbidden("may not link reports to this case")
    return case


async def report_id_for(cases: CasesDeps, reference: str) -> str:
    """A tracking code (what citizens and staff quote) or a report id."""
    if not reference.upper().startswith("NTR-"):
        return reference
    report = await cases.reads.report_by_tracking_code(reference.upper())
    if report is None:
        raise ReportNotFound(reference)
    return str(report["_id"])


async def link_page(
    page: Page, cases: CasesDeps, case_id: str, reference: str | None, status: int = 200, **v: Any
) -> Response:
    assert page.actor is not None
    case = await linkable_case(cases, page, case_id)
    values: dict[str, Any] = {"case": case, "reference": reference or "", "preview": None}
    if reference:
        try:
            found = await preview_link(
                store=cases.store,
                policy=cases.policy,
                clock=cases.clock,
                actor=page.actor,
                case_id=case_id,
                report_id=await report_id_for(cases, reference),
            )
        except ReportNotFound:
            status, v["flash"] = 404, page.tr.t("link.not_found")
        except InvalidTransition as exc:
            status, v["flash"] = 409, page.tr.t("link.refused", detail=str(exc))
        else:
            values["preview"] = {
                "case": case_side(found.case, page.actor),
                "report": report_side(found.report, found.source, page.actor),
            }
    v.setdefault("flash_kind", "error" if status >= 400 else None)
    return render(page, "link.html", status, **values, **v)


@router.get("/cases/{case_id}/link")
async def show_link(case_id: str, page: UiPage, cases: Cases) -> Response:
    reference = (page.request.query_params.get("report") or "").strip()[:MAX_REFERENCE]
    return await link_page(page, cases, case_id, reference or None)


@router.post("/cases/{case_id}/links")
async def post_link(case_id: str, page: UiPage, form: Form, cases: Cases) -> Response:
    assert page.actor is not None
    report_id = first(form, "report_id") or ""
    reason = (first(form, "reason") or "")[:MAX_REASON]
    if not reason:
        flash = page.tr.t("link.reason_required")
        return await link_page(page, cases, case_id, report_id, 422, flash=flash)
    try:
        await staff_calls.link_report(
            cases, page.actor, case_id, report_id=report_id, reason=reason
        )
    except (ReportNotFound, InvalidTransition):
        return await link_page(page, cases, case_id, report_id)  # the preview says why
    return back_to(case_id, done="link_report")


async def split_page(
    page: Page, cases: CasesDeps, case_id: str, report_id: str, status: int = 200, **v: Any
) -> Response:
    case = await read_case(cases, page, case_id)
    report = next((r for r in case.reports if r.report_id == report_id), None)
    if not case.can_split or report is None:
        raise Forbidden("may not split this report out")
    v.setdefault("flash_kind", "error" if status >= 400 else None)
    return render(page, "split.html", status, case=case, report=report, **v)


@router.get("/cases/{case_id}/split/{report_id}")
async def show_split(case_id: str, report_id: str, page: UiPage, cases: Cases) -> Response:
    return await split_page(page, cases, case_id, report_id)


@router.post("/cases/{case_id}/split/{report_id}")
async def post_split(
    case_id: str, report_id: str, page: UiPage, form: Form, cases: Cases
) -> Response:
    assert page.actor is not None
    reason = (first(form, "reason") or "")[:MAX_REASON]
    if not reason:
        flash = page.tr.t("link.reason_required")
        return await split_page(page, cases, case_id, report_id, 422, flash=flash)
    try:
        new_id = await staff_calls.split_report(
            cases, page.actor, case_id, report_id=report_id, reason=reason
        )
    except InvalidTransition as exc:
        flash = page.tr.t("link.refused", detail=str(exc))
        return await split_page(page, cases, case_id, report_id, 409, flash=flash)
    return back_to(new_id, done="unlink_report")
