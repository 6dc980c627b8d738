"""Steps from receipt to the plenary: review, completion, registration, clarification."""

from __future__ import annotations

from schemas.cases import CaseStatus
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import FormalRequirementNotMet, InvalidTransition
from services.cases.domain.lifecycle import commands as c
from services.cases.domain.lifecycle.effects import Context, Effect, Guard, Handler
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.model import Actor, CaseState
from services.cases.domain.vocabulary import Registration


def _no_change(case: CaseState, command: object, ctx: Context) -> Effect:
    return Effect()


def _request_completion(case: CaseState, command: c.RequestCompletion, ctx: Context) -> Effect:
    missing: list[str] = list(command.missing)
    return Effect(
        events=((EventType.COMPLETION_REQUESTED, {"missing": list(missing)}),),
        details={"missing": list(missing)},
    )


def _register_as(registration: Registration) -> Handler:
    def register(case: CaseState, command: object, ctx: Context) -> Effect:
        data: dict[str, str] = {"registration": registration.value}
        return Effect(
            changes={"registration": registration},
            events=((EventType.REGISTERED, {**data}),),
            details={**data},
        )

    return register


def _extend_clarification(case: CaseState, command: object, ctx: Context) -> Effect:
    return Effect(
        changes={"clarification_extended": True},
        events=((EventType.CLARIFICATION_EXTENDED, {}),),
    )


def _named_reporter(
    case: CaseState, actor: Actor, policy: DeadlinePolicy
) -> InvalidTransition | None:
    if case.anonymous:
        return FormalRequirementNotMet(
            "an anonymous report cannot be registered: the reporter's name and address are "
            "formal requirements; register it as a Bawaslu finding (temuan) instead"
        )
    return None


def _has_reporter(
    case: CaseState, actor: Actor, policy: DeadlinePolicy
) -> InvalidTransition | None:
    if case.registration == Registration.FINDING:
        return InvalidTransition("a finding (temuan) has no reporter who could withdraw it")
    return None


def _extendable(case: CaseState, actor: Actor, policy: DeadlinePolicy) -> InvalidTransition | None:
    if case.clarification_extended:
        return InvalidTransition("the clarification period was already extended once")
    rules = policy.rules.for_election(case.election_type).statuses
    rule = rules.get(CaseStatus.CLARIFICATION)
    if rule is None or rule.extension is None:
        return InvalidTransition(
            f"no extension is configured for {case.election_type} clarification"
        )
    return None


HANDLERS: dict[str, Handler] = {
    "start_review": _no_change,
    "request_completion": _request_completion,
    "record_completion": _no_change,
    "register": _register_as(Registration.REPORT),
    "register_as_finding": _register_as(Registration.FINDING),
    "not_register": _no_change,
    "withdraw": _no_change,
    "start_clarification": _no_change,
    "extend_clarification": _extend_clarification,
}

GUARDS: dict[str, Guard] = {
    "register": _named_reporter,
    "withdraw": _has_reporter,
    "extend_clarification": _extendable,
}
