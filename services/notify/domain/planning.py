"""Planning one case event: matrix x directory -> the deliveries to make. Pure.

Each party of each matching matrix rule becomes addressees (a unit's inboxes, a person's
contacts, a reporter's sealed contact) on the rule's channels that the recipient has.
A recipient the directory cannot name is `Unreached`, never silently dropped: the
service layer counts it on a metric (docs/runbook.md). Deliveries are deduplicated by
notification id, so a person who is both officer and supervisor is told once per channel.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from schemas.case_facts import ReporterToTell
from schemas.cases import TrackKind
from schemas.events import CASE_DEADLINE_MISSED, CASE_FORWARDED
from services.notify.domain.matrix import Matrix, Party, Tell
from services.notify.domain.phone_messages import one_message_per_number
from services.notify.domain.plans import (
    Addressee,
    Audience,
    ChannelName,
    PlannedDelivery,
    planned_notification_id,
)
from services.notify.domain.recipients import (
    NATIONAL,
    Contact,
    Person,
    RecipientDirectory,
    ResolvedUnit,
    Role,
    parent_route,
)
from services.notify.domain.reporter_targets import ReporterAddress, sealed_target

REPORTER_NAME = "Pelapor"


@dataclass(frozen=True)
class CaseEventIn:
    """The envelope's identity and its decoded payload."""

    event_id: str
    event_type: str
    occurred_at: datetime
    payload: BaseModel
    trace: Mapping[str, str]


@dataclass(frozen=True)
class Unreached:
    party: Party
    who: str  # the route, person id or forward recipient the directory could not serve
    reason: str


@dataclass
class Plan:
    deliveries: dict[str, PlannedDelivery] = field(default_factory=dict)
    unreached: list[Unreached] = field(default_factory=list)


def _get(payload: BaseModel, name: str) -> Any:
    return getattr(payload, name, None)


def unit_route(payload: BaseModel) -> str | None:
    unit = _get(payload, "unit")
    routes: list[str] = _get(payload, "routes") or []
    return unit or next((r for r in routes if r.startswith("BAWASLU:")), None)


def dispositions_of(payload: BaseModel) -> frozenset[str]:
    kinds = {d.kind for d in _get(payload, "dispositions") or []}
    track = _get(payload, "track")
    return frozenset(kinds | ({str(track)} if track else set()))


def receiving_route(payload: BaseModel) -> str:
    """BKN's regional office (Kanreg) by province, the Gakkumdu at the case's level, or
    the named authority as given."""
    track, recipient = _get(payload, "track"), str(_get(payload, "recipient"))
    region = _get(payload, "region_code")
    if track == TrackKind.NEUTRALITY:
        return f"BKN:{region.split('.')[0] if region else NATIONAL}"
    return recipient


def overdue(event: CaseEventIn) -> timedelta:
    deadline, detected = _get(event.payload, "deadline_at"), _get(event.payload, "detected_at")
    return detected - deadline if deadline and detected else timedelta(0)


def _official_context(event: CaseEventIn, party: Party) -> dict[str, Any]:
    data = event.payload.model_dump(mode="json", exclude={"reporters"})
    if party == Party.RECEIVING_BODY:  # an outside body: the forward and its packet only
        keep = ("case_id", "forwarded_at", "track", "recipient", "packet")
        data = {k: v for k, v in data.items() if k in keep}
    return {**data, "event_type": event.event_type, "party": party.value}


def _reporter_context(event: CaseEventIn, reporter: ReporterToTell) -> dict[str, Any]:
    """Citizen-safe only: the tracking code and the status, never names or notes."""
    status = _get(event.payload, "to_status") or _get(event.payload, "status")
    return {
        "tracking_code": reporter.tracking_code,
        "status": status,
        "event_type": event.event_type,
    }


# Routes resolved kept (authorities x region levels: ~2,000 in use); past it, forgotten.
RESOLVED_ROUTES = 8192


class Planner:
    def __init__(self, matrix: Matrix, directory: RecipientDirectory) -> None:
        self.matrix = matrix
        self.directory = directory
        # route -> its unit, each route matched against the patterns once per directory
        self._units: tuple[RecipientDirectory, dict[str, ResolvedUnit | None]] = (directory, {})

    def _unit_for(self, route: str) -> ResolvedUnit | None:
        directory, units = self._units
        if directory is not self.directory or len(units) >= RESOLVED_ROUTES:
            directory, units = self._units = (self.directory, {})
        if route not in units:
            units[route] = directory.unit_for(route)
        return units[route]

    def plan(self, event: CaseEventIn, addresses: Mapping[str, ReporterAddress]) -> Plan:
        plan = Plan()
        to_status = _get(event.payload, "to_status")
        for tell in self.matrix.tells(event.event_type, to_status, dispositions_of(event.payload)):
            self._tell(plan, event, tell, addresses)
        return plan

    def _tell(
        self,
        plan: Plan,
        event: CaseEventIn,
        tell: Tell,
        addresses: Mapping[str, ReporterAddress],
    ) -> None:
        party = tell.party
        if party == Party.REPORTER:
            for reporter in _get(event.payload, "reporters") or []:
                self._reporter(plan, event, tell, reporter, addresses.get(reporter.report_id))
        elif party == Party.ROUTED_AUTHORITIES:
            for route in _get(event.payload, "routes") or []:
                self._unit(plan, event, tell, route)
        elif party == Party.RECEIVING_BODY and event.event_type == CASE_FORWARDED:
            self._unit(plan, event, tell, receiving_route(event.payload))
        elif party == Party.PPK:
            self._unit(plan, event, tell, f"PPK:{_get(event.payload, 'region_code') or NATIONAL}")
        elif party == Party.ASSIGNED_OFFICER:
            self._officer(plan, event, tell)
        elif party == Party.UNIT_SUPERVISOR:
            self._supervisors(plan, event, tell, above=False)
        elif party == Party.ESCALATION_CHAIN and self._beyond_patience(event):
            self._supervisors(plan, event, tell, above=True)

    def _beyond_patience(self, event: CaseEventIn) -> bool:
        if event.event_type != CASE_DEADLINE_MISSED:
            return True  # an escalation always goes up
        return overdue(event) > timedelta(days=self.matrix.escalate_after_days)

    def _unit(self, plan: Plan, event: CaseEventIn, tell: Tell, route: str) -> None:
        unit = self._unit_for(route)
        if unit is None:
            plan.unreached.append(Unreached(tell.party, route, "no directory entry"))
            return
        context = _official_context(event, tell.party)
        added = _add(plan, event, tell, route, unit.name, unit.language, unit.contacts, context)
        if not added:
            plan.unreached.append(Unreached(tell.party, route, _no_channel(tell)))

    def _officer(self, plan: Plan, event: CaseEventIn, tell: Tell) -> None:
        assignee = _get(event.payload, "assignee")
        if not assignee:
            return  # nobody assigned yet: the supervisor rules cover the case
        person = self.directory.person(assignee)
        if person is None:
            plan.unreached.append(Unreached(tell.party, assignee, "assignee not in the directory"))
            return
        context = _official_context(event, tell.party)
        if not _add(
            plan, event, tell, person.id, person.name, person.language, person.contacts, context
        ):
            plan.unreached.append(Unreached(tell.party, assignee, _no_channel(tell)))

    def _nearest_supervisors(self, route: str | None) -> tuple[str | None, tuple[Person, ...]]:
        """The supervisors at the route's level, else the nearest level above that has any."""
        while route is not None:
            unit = self._unit_for(route)
            supervisors = unit.with_role(Role.SUPERVISOR) if unit else ()
            if supervisors:
                return route, supervisors
            route = parent_route(route)
        return None, ()

    def _supervisors(self, plan: Plan, event: CaseEventIn, tell: Tell, *, above: bool) -> None:
        """The unit's supervisors; with `above`, the next supervisors up from them."""
        unit = unit_route(event.payload)
        level, supervisors = self._nearest_supervisors(unit)
        if above:
            level, supervisors = self._nearest_supervisors(_up(level))
        if not supervisors:
            why = "no supervisor above the unit's" if above else "no supervisor in the directory"
            plan.unreached.append(Unreached(tell.party, str(unit), why))
            return
        context = _official_context(event, tell.party)
        for person in supervisors:
            _add(
                plan, event, tell, person.id, person.name, person.language, person.contacts, context
            )

    def _reporter(
        self,
        plan: Plan,
        event: CaseEventIn,
        tell: Tell,
        reporter: ReporterToTell,
        address: ReporterAddress | None,
    ) -> None:
        if address is None:
            return  # no contact left to reach them: nothing to send, nothing wrong
        offered = {ChannelName.EMAIL: address.email}
        offered |= {ChannelName.SMS: address.phone, ChannelName.WHATSAPP: address.phone}
        target = sealed_target(reporter.report_id, reporter.contact)
        contacts = tuple(_SealedContact(c, target) for c in tell.channels if offered.get(c))
        context = _reporter_context(event, reporter)
        recipient = f"reporter:{reporter.report_id}"
        _add(plan, event, tell, recipient, REPORTER_NAME, reporter.language, contacts, context)


@dataclass(frozen=True)
class _SealedContact:
    channel: ChannelName
    target: str
    secret_ref: str | None = None


def _up(route: str | None) -> str | None:
    return parent_route(route) if route else None


def _no_channel(tell: Tell) -> str:
    return f"no contact on {', '.join(c.value for c in tell.channels)}"


def _add(
    plan: Plan,
    event: CaseEventIn,
    tell: Tell,
    recipient_id: str,
    name: str,
    language: str,
    contacts: Iterable[Contact | _SealedContact],
    context: Mapping[str, Any],
) -> int:
    audience = Audience.REPORTER if tell.party == Party.REPORTER else Audience.OFFICIAL
    added = 0
    for contact, fallback in one_message_per_number(contacts, tell.channels):
        nid = planned_notification_id(
            event_id=event.event_id, recipient_id=recipient_id, channel=contact.channel.value
        )
        added += 1
        plan.deliveries.setdefault(
            nid,
            PlannedDelivery(
                notification_id=nid,
                event_id=event.event_id,
                event_type=event.event_type,
                case_id=str(_get(event.payload, "case_id")),
                occurred_at=event.occurred_at,
                addressee=Addressee(
                    recipient_id=recipient_id,
                    name=name,
                    channel=contact.channel,
                    target=contact.target,
                    language=language,
                    secret_ref=contact.secret_ref,
                    fallback=fallback,
                ),
                audience=audience,
                template=f"{event.event_type}.{audience.value}",
                context=dict(context),
                trace=dict(event.trace),
            ),
        )
    return added
