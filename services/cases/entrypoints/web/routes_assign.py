"""Assign, reassign and unassign a case from the workspace: a picker of eligible officers.

The picker lists what `assignment.eligible_assignees` returns and the forms post to
`assignment.assign`: the same calls, and so the same checks, as the staff API. A role that
may not assign gets 403 (web_route.py) on the page and on a posted form alike.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from services.cases.domain.assignment import Roster
from services.cases.domain.errors import IneligibleAssignee, VersionConflict
from services.cases.entrypoints import staff_calls
from services.cases.entrypoints.deps import Cases, RosterDep
from services.cases.entrypoints.web.deps import Form, FormValues, UiPage, first
from services.cases.entrypoints.web.routes_case import back_to, read_case
from services.cases.entrypoints.web.templating import Page, render
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.service_layer import assignment

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_REASON = 1000


async def assign_page(
    page: Page, cases: Cases, roster: RosterDep, case_id: str, status: int = 200, **values: Any
) -> Response:
    assert page.actor is not None
    officers = await assignment.eligible_assignees(
        store=cases.store, roster=roster, actor=page.actor, case_id=case_id
    )
    case = await read_case(cases, page, case_id)
    current = roster.get(case.assignee) if case.assignee else None
    values.setdefault("flash_kind", "error" if status >= 400 else None)
    return render(
        page, "assign.html", status, case=case, officers=officers, current=current, **values
    )


def version_of(form: FormValues) -> int | None:
    raw = first(form, "expected_version") or ""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


@router.get("/cases/{case_id}/assign")
async def show_assign(case_id: str, page: UiPage, cases: Cases, roster: RosterDep) -> Response:
    return await assign_page(page, cases, roster, case_id)


async def _assign(
    case_id: str, assignee: str | None, page: Page, form: FormValues, cases: Cases, roster: Roster
) -> Response:
    assert page.actor is not None
    try:
        await staff_calls.assign(
            cases,
            roster,
            page.actor,
            case_id,
            assignee=assignee,
            expected_version=version_of(form),
            reason=(first(form, "reason") or "")[:MAX_REASON] or None,
        )
    except VersionConflict:
        flash = page.tr.t("case.conflict")
        return await assign_page(page, cases, roster, case_id, 409, flash=flash)
    except IneligibleAssignee:
        flash = page.tr.t("assign.ineligible")
        return await assign_page(page, cases, roster, case_id, 422, flash=flash)
    return back_to(case_id, done="assign" if assignee else "unassign")


@router.post("/cases/{case_id}/assign")
async def post_assign(
    case_id: str, page: UiPage, form: Form, cases: Cases, roster: RosterDep
) -> Response:
    assignee = first(form, "assignee")
    if assignee is None:
        flash = page.tr.t("assign.choose")
        return await assign_page(page, cases, roster, case_id, 422, flash=flash)
    return await _assign(case_id, assignee, page, form, cases, roster)


@router.post("/cases/{case_id}/unassign")
async def post_unassign(
    case_id: str, page: UiPage, form: Form, cases: Cases, roster: RosterDep
) -> Response:
    return await _assign(case_id, None, page, form, cases, roster)
