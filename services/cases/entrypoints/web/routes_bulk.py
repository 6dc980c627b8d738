"""Bulk actions on cases selected in the queue: assign them to one officer, export them.

The hook for more (the exports): the queue's table sits in one form whose checkboxes post
`case` values `<case id>@<version>` (`selected_cases` parses them); each action in
`BULK_ACTIONS` gets a submit button with `formaction="/bulk/<name>"` in that form, shown
when its `offered(actor, officers)` holds. A new action adds its entry here and its route.

Each case goes through the same use case as one at a time (`assignment.assign`, its
role, jurisdiction, eligibility and lifecycle checks, with the version the queue showed),
and the result page says, per case, what was done or why not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from fastapi import APIRouter, Response

from services.cases.domain.access import ASSIGNERS
from services.cases.domain.assignment import Officer, assignable_officers
from services.cases.domain.errors import (
    CaseBusy,
    CaseError,
    CaseNotFound,
    Forbidden,
    IneligibleAssignee,
    NotAllowed,
    VersionConflict,
)
from services.cases.domain.model import Actor
from services.cases.entrypoints import staff_calls
from services.cases.entrypoints.deps import Cases, RosterDep
from services.cases.entrypoints.web.deps import Form, FormValues, UiPage, first
from services.cases.entrypoints.web.templating import render
from services.cases.entrypoints.web.web_route import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_SELECTED: Final = 200  # two pages of the queue's largest; a form beyond is refused
MAX_REASON: Final = 1000


@dataclass(frozen=True)
class BulkAction:
    name: str  # the route is /bulk/<name>; the button's label is t("bulk.<name>")
    offered: Callable[[Actor, Sequence[Officer]], bool]


BULK_ACTIONS: list[BulkAction] = [
    BulkAction("assign", lambda actor, officers: actor.role in ASSIGNERS and bool(officers)),
    # what the actor sees, as CSV/XLSX: the route is in routes_exports.py
    BulkAction("export", lambda actor, officers: True),
]


def offered_actions(actor: Actor, officers: Sequence[Officer]) -> list[str]:
    return [a.name for a in BULK_ACTIONS if a.offered(actor, officers)]


def selected_cases(form: FormValues) -> list[tuple[str, int | None]]:
    """`case` values: `CASE-...@<version>`; a value without a usable version checks none."""
    found: dict[str, int | None] = {}
    for value in form.get("case", [])[:MAX_SELECTED]:
        case_id, _, version = value.strip().partition("@")
        if case_id:
            digits = version.isascii() and version.isdigit() and len(version) <= 9
            found[case_id[:100]] = int(version) if digits else None
    return list(found.items())


REFUSALS: Final[tuple[tuple[type[CaseError], str], ...]] = (
    (CaseNotFound, "bulk.not_found"),
    (Forbidden, "bulk.not_allowed"),  # a role, or a case already finished
    (NotAllowed, "bulk.not_allowed"),
    (IneligibleAssignee, "bulk.ineligible"),
    (VersionConflict, "bulk.conflict"),
    (CaseBusy, "bulk.busy"),
)


def outcome_key(exc: CaseError) -> str:
    return next((key for kind, key in REFUSALS if isinstance(exc, kind)), "bulk.refused")


@dataclass(frozen=True)
class BulkOutcome:
    case_id: str
    done: bool
    message_key: str


@router.post("/bulk/assign")
async def bulk_assign(page: UiPage, form: Form, cases: Cases, roster: RosterDep) -> Response:
    assert page.actor is not None
    if "assign" not in offered_actions(page.actor, assignable_officers(roster, page.actor)):
        raise Forbidden(f"{page.actor.role} may not assign cases")  # 403, as one at a time
    assignee = first(form, "assignee")
    chosen = selected_cases(form)
    if assignee is None or not chosen:
        message = page.tr.t("bulk.nothing" if assignee else "assign.choose")
        return render(page, "bulk_result.html", 422, outcomes=[], flash=message, flash_kind="error")
    outcomes = []
    for case_id, version in chosen:
        try:
            await staff_calls.assign(
                cases,
                roster,
                page.actor,
                case_id,
                assignee=assignee,
                expected_version=version,
                reason=(first(form, "reason") or "")[:MAX_REASON] or None,
            )
        except CaseError as exc:
            outcomes.append(BulkOutcome(case_id, False, outcome_key(exc)))
        else:
            outcomes.append(BulkOutcome(case_id, True, "bulk.assigned"))
    done = sum(o.done for o in outcomes)
    flash = page.tr.t("bulk.summary", done=done, total=len(outcomes))
    officer = roster.get(assignee)
    return render(
        page,
        "bulk_result.html",
        outcomes=outcomes,
        officer=officer,
        flash=flash,
        flash_kind=None if done == len(outcomes) else "error",
    )
