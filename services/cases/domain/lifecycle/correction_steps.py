"""Steps that change who handles a case or undo an ending: take-over and reopen."""

from __future__ import annotations

from pydantic import JsonValue

from schemas.cases import CaseStatus
from services.cases.domain.access import covers
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import InvalidTransition
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


HANDLERS: dict[str, Handler] = {"take_over": _take_over, "reopen": _reopen}
GUARDS: dict[str, Guard] = {"take_over": _can_take_over}
