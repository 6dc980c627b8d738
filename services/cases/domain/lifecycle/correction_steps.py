"""Steps that change who handles a case or undo an ending: take-over, reopen, and a staff
correction of triage's decision (which re-routes the case by the routing contract that
triage applies, schemas/routing: one rule file, not a copy here)."""

from __future__ import annotations

from pydantic import JsonValue

from schemas.cases import CaseStatus
from schemas.routing.files import packaged_rules
from schemas.routing.rules import route
from services.cases.domain.access import covers
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import InvalidTransition
from services.cases.domain.lifecycle.commands import CorrectTriage
from services.cases.domain.lifecycle.effects import Context, Effect, Guard, Handler
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.model import Actor, CaseState


def _taken_from(case: CaseState, actor: Actor) -> list[str]:
    """Bawaslu routes strictly below the actor's office: the ones it may take over."""
    return [
        code for code in case.bawaslu_routes if code != actor.region and covers(actor.region, code)
    ]


def _take_over(case: CaseState, command: object, ctx: Context) -> Effect:
    taken = {f"BAWASLU:{code}" for code in _taken_from(case, ctx.actor)}
    mine = f"BAWASLU:{ctx.actor.region}"
    routes = [mine if r in taken else r for r in case.routes]
    deduplicated = tuple(dict.fromkeys(routes))
    data: dict[str, JsonValue] = {"from": list[JsonValue](sorted(taken)), "to": mine}
    return Effect(
        changes={"routes": deduplicated},
        events=((EventType.TAKEN_OVER, {**data}),),
        details={**data},
    )


def _can_take_over(
    case: CaseState, actor: Actor, policy: DeadlinePolicy
) -> InvalidTransition | None:
    if _taken_from(case, actor):
        return None
    return InvalidTransition("only a higher Bawaslu office can take over, and only cases below it")


def previous_status(case: CaseState) -> CaseStatus | None:
    """The status the case held before it entered its current one."""
    for entry in reversed(case.timeline):
        if entry.to_status == case.status and entry.from_status not in (None, case.status):
            return entry.from_status
    return None


def _reopen(case: CaseState, command: object, ctx: Context) -> Effect:
    previous = previous_status(case)
    if previous is None:
        raise InvalidTransition("the timeline does not show what status to reopen into")
    data: dict[str, JsonValue] = {"reopened_into": previous.value}
    return Effect(to_status=previous, events=((EventType.REOPENED, {**data}),), details=data)


def _correct_triage(case: CaseState, command: CorrectTriage, ctx: Context) -> Effect:
    """Who and why are the timeline entry's actor and reason; details hold before/after."""
    category = command.category or case.category
    subject_type = command.subject_type or case.subject_type
    region_code = command.region_code or case.region_code
    routes = command.routes or route(category, subject_type, region_code, packaged_rules())[0]
    before: dict[str, JsonValue] = {
        "category": case.category.value,
        "subject_type": case.subject_type.value,
        "region_code": case.region_code,
        "routes": list[JsonValue](case.routes),
    }
    after: dict[str, JsonValue] = {
        "category": category.value,
        "subject_type": subject_type.value,
        "region_code": region_code,
        "routes": list[JsonValue](routes),
    }
    if before == after:
        raise InvalidTransition("the correction changes nothing: name a field that differs")
    return Effect(
        changes={
            "category": category,
            "subject_type": subject_type,
            "region_code": region_code,
            "routes": tuple(routes),
            "needs_review": False,  # a person has reviewed it
        },
        events=((EventType.TRIAGE_CORRECTED, {"before": before, "after": after}),),
        details={"before": before, "after": after},
    )


HANDLERS: dict[str, Handler] = {
    "take_over": _take_over,
    "reopen": _reopen,
    "correct_triage": _correct_triage,
}
GUARDS: dict[str, Guard] = {"take_over": _can_take_over}
