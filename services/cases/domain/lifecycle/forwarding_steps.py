"""The plenary decision and the forwards that open each disposition track."""

from __future__ import annotations

from pydantic import JsonValue

from schemas.cases import TrackKind, TrackStatus
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import InvalidTransition
from services.cases.domain.lifecycle import commands as c
from services.cases.domain.lifecycle.effects import (
    Context,
    Effect,
    Guard,
    Handler,
    track_in,
    with_track,
)
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.model import NATIONAL, Actor, CaseState, Track
from services.cases.domain.vocabulary import AUTHORITY_TRACKS, TRACK_FOR_OUTCOME, Outcome

BKN = "BKN"


def _decide_plenary(case: CaseState, command: c.DecidePlenary, ctx: Context) -> Effect:
    outcomes = tuple(o for o in Outcome if o in command.outcomes)
    if Outcome.NOT_A_VIOLATION in outcomes and len(outcomes) > 1:
        raise InvalidTransition("'not_a_violation' cannot be decided together with a violation")
    tracks = tuple(
        Track(kind=TRACK_FOR_OUTCOME[o], decided_at=ctx.now)
        for o in outcomes
        if o in TRACK_FOR_OUTCOME
    )
    names: list[JsonValue] = [o.value for o in outcomes]
    recorded: tuple[tuple[EventType, dict[str, JsonValue]], ...] = tuple(
        (EventType.DISPOSITION_RECORDED, {"track": t.kind.value, "status": t.status.value})
        for t in tracks
    )
    return Effect(
        changes={"outcomes": outcomes, "tracks": tracks},
        events=((EventType.PLENARY_DECIDED, {"outcomes": names}), *recorded),
        details={"outcomes": names},
    )


def _forward(case: CaseState, kind: TrackKind, recipient: str, ctx: Context) -> Effect:
    data: dict[str, JsonValue] = {"track": kind.value, "recipient": recipient}
    tracks = with_track(
        case, kind, status=TrackStatus.FORWARDED, recipient=recipient, forwarded_at=ctx.now
    )
    return Effect(
        changes={"tracks": tracks}, events=((EventType.FORWARDED, {**data}),), details={**data}
    )


def _forward_to_bkn(case: CaseState, command: c.ForwardToBkn, ctx: Context) -> Effect:
    return _forward(case, TrackKind.NEUTRALITY, BKN, ctx)


def gakkumdu_for(case: CaseState) -> str:
    """The Sentra Gakkumdu at the case's level: its routed one, else by region, else RI."""
    routed = [r for r in case.routes if r.startswith("GAKKUMDU:")]
    return routed[0] if routed else f"GAKKUMDU:{case.region_code or NATIONAL}"


def _forward_to_gakkumdu(case: CaseState, command: c.ForwardToGakkumdu, ctx: Context) -> Effect:
    return _forward(case, TrackKind.CRIMINAL, gakkumdu_for(case), ctx)


def _forward_to_authority(case: CaseState, command: c.ForwardToAuthority, ctx: Context) -> Effect:
    kind, recipient = command.track, (command.recipient or "").strip()
    if kind not in AUTHORITY_TRACKS:
        raise InvalidTransition(
            f"forward_to_authority takes one of {sorted(AUTHORITY_TRACKS)}; "
            "neutrality goes to BKN and crimes to Gakkumdu"
        )
    if not track_in(case, kind, TrackStatus.PENDING):
        raise InvalidTransition(f"the case has no pending '{kind}' disposition to forward")
    return _forward(case, kind, recipient, ctx)


def _pending(kind: TrackKind) -> Guard:
    def guard(case: CaseState, actor: Actor, policy: DeadlinePolicy) -> InvalidTransition | None:
        if track_in(case, kind, TrackStatus.PENDING):
            return None
        return InvalidTransition(f"the case has no pending '{kind}' disposition to forward")

    return guard


def _authority_pending(
    case: CaseState, actor: Actor, policy: DeadlinePolicy
) -> InvalidTransition | None:
    if any(track_in(case, kind, TrackStatus.PENDING) for kind in AUTHORITY_TRACKS):
        return None
    return InvalidTransition("the case has no pending administrative, ethics or other-law track")


HANDLERS: dict[str, Handler] = {
    "decide_plenary": _decide_plenary,
    "forward_to_bkn": _forward_to_bkn,
    "forward_to_gakkumdu": _forward_to_gakkumdu,
    "forward_to_authority": _forward_to_authority,
}

GUARDS: dict[str, Guard] = {
    "forward_to_bkn": _pending(TrackKind.NEUTRALITY),
    "forward_to_gakkumdu": _pending(TrackKind.CRIMINAL),
    "forward_to_authority": _authority_pending,
}
