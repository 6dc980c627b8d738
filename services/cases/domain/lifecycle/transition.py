"""The case state machine: `transition(case, command, ...) -> (case, events)` and its helpers.

Pure: no clock, no I/O. The order of checks is deliberate: jurisdiction and role first (so a
refusal never tells an outsider anything about the case's status), then the status, then
required fields, then payload-independent guards, then the step itself. Any refusal raises
and leaves the case exactly as it was.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, JsonValue

from schemas.cases import CaseStatus
from services.cases.domain.access import can_act, can_view
from services.cases.domain.deadlines import DeadlinePolicy, require_aware, with_deadline
from services.cases.domain.errors import InvalidTransition, MissingField, NotAllowed
from services.cases.domain.lifecycle import (
    correction_steps,
    forwarding_steps,
    intake_steps,
    linking_steps,
    track_steps,
)
from services.cases.domain.lifecycle.commands import AnyCommand
from services.cases.domain.lifecycle.effects import Context, Effect, Guard, Handler
from services.cases.domain.lifecycle.events import DomainEvent, EventType
from services.cases.domain.lifecycle.table import TRANSITIONS, TransitionSpec
from services.cases.domain.model import Actor, ActorRef, CaseState, TimelineEntry

HANDLERS: dict[str, Handler] = {
    **intake_steps.HANDLERS,
    **forwarding_steps.HANDLERS,
    **track_steps.HANDLERS,
    **correction_steps.HANDLERS,
    **linking_steps.HANDLERS,
}
GUARDS: dict[str, Guard] = {
    **intake_steps.GUARDS,
    **forwarding_steps.GUARDS,
    **track_steps.GUARDS,
    **correction_steps.GUARDS,
    **linking_steps.GUARDS,
}


def spec_for(command: BaseModel) -> TransitionSpec:
    name = getattr(command, "command", None)
    spec = TRANSITIONS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise InvalidTransition(f"unknown command {type(command).__name__}")
    return spec


def _authorise(case: CaseState, actor: Actor, spec: TransitionSpec) -> None:
    if not can_view(actor, case):
        raise NotAllowed(
            f"case {case.case_id} is outside the jurisdiction of {actor.role} {actor.name!r}"
        )
    if not can_act(actor, case, spec.command):
        allowed = ", ".join(sorted(spec.roles))
        raise NotAllowed(f"{actor.role} may not {spec.command}; allowed roles: {allowed}")


def _check_status(case: CaseState, spec: TransitionSpec) -> None:
    if case.status not in spec.sources:
        allowed = ", ".join(sorted(spec.sources))
        raise InvalidTransition(
            f"cannot {spec.command} case {case.case_id} in status '{case.status}'; "
            f"allowed from: {allowed}"
        )


def _is_blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple | frozenset):
        return not value
    return value is None


def _check_required(command: BaseModel, spec: TransitionSpec) -> None:
    for field in spec.requires:
        if _is_blank(getattr(command, field, None)):
            raise MissingField(spec.command, field)


def _refusal(
    case: CaseState, actor: Actor, spec: TransitionSpec, policy: DeadlinePolicy
) -> InvalidTransition | None:
    guard = GUARDS.get(spec.command)
    return guard(case, actor, policy) if guard else None


def _target(case: CaseState, spec: TransitionSpec, effect: Effect) -> CaseStatus:
    if effect.to_status is not None:
        return effect.to_status
    if spec.target == "forwarded_or_unchanged":
        return CaseStatus.FORWARDED if case.status == CaseStatus.PLENARY_DECIDED else case.status
    if isinstance(spec.target, CaseStatus):
        return spec.target
    return case.status


def _reason(command: BaseModel) -> str | None:
    reason = getattr(command, "reason", None)
    return reason.strip() or None if isinstance(reason, str) else None


def transition(
    case: CaseState,
    command: AnyCommand,
    *,
    actor: Actor,
    now: datetime,
    trace_id: str | None = None,
    policy: DeadlinePolicy,
) -> tuple[CaseState, list[DomainEvent]]:
    """Apply one command. Returns the new case (version + 1, one more timeline entry) and events."""
    require_aware(now)
    spec = spec_for(command)
    _authorise(case, actor, spec)
    _check_status(case, spec)
    _check_required(command, spec)
    refusal = _refusal(case, actor, spec, policy)
    if refusal is not None:
        raise refusal
    effect = HANDLERS[spec.command](case, command, Context(actor=actor, now=now, policy=policy))
    to_status = _target(case, spec, effect)
    entry = TimelineEntry(
        at=now,
        actor=ActorRef(name=actor.name, role=actor.role),
        action=spec.command,
        from_status=case.status,
        to_status=to_status,
        reason=_reason(command),
        trace_id=trace_id,
        details=effect.details,
    )
    changed = case.model_copy(
        update={
            **effect.changes,
            "status": to_status,
            "timeline": (*case.timeline, entry),
            "version": case.version + 1,
        }
    )
    new = CaseState.model_validate(dict(with_deadline(changed, policy, now=now)))
    return new, _events(case, new, effect, spec, trace_id)


def _events(
    old: CaseState, new: CaseState, effect: Effect, spec: TransitionSpec, trace_id: str | None
) -> list[DomainEvent]:
    raw: list[tuple[EventType, dict[str, JsonValue]]] = []
    if new.status != old.status:
        raw.append((EventType.STATUS_CHANGED, status_change_data(old.status, new, spec.command)))
    raw.extend(effect.events)
    at = new.timeline[-1].at
    return [
        DomainEvent(
            type=kind,
            case_id=new.case_id,
            case_version=new.version,
            occurred_at=at,
            trace_id=trace_id,
            data=data,
        )
        for kind, data in raw
    ]


def status_change_data(old: CaseStatus | None, new: CaseState, action: str) -> dict[str, JsonValue]:
    return {
        "from_status": old.value if old else None,
        "to_status": new.status.value,
        "action": action,
        "region_code": new.region_code,
        "routes": list(new.routes),
        "deadline_at": new.deadline_at.isoformat() if new.deadline_at else None,
    }


def allowed_commands(case: CaseState, actor: Actor, *, policy: DeadlinePolicy) -> list[str]:
    """Command names this actor could issue now (UI buttons). Payload checks may still refuse."""
    return [
        name
        for name, spec in TRANSITIONS.items()
        if case.status in spec.sources
        and can_act(actor, case, name)
        and _refusal(case, actor, spec, policy) is None
    ]
