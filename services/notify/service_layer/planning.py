"""`MatrixPlanner`: the `DeliveryPlanner` notify's consumer calls for each case event.

It opens the contacts of the reporters the event names (in memory, to see which channels
reach them), asks the pure planner (domain/planning.py) who is told, and raises the
alarm for every recipient the directory cannot reach.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from schemas.case_facts import ReporterToTell
from schemas.envelope import Envelope
from services.notify.domain.matrix import Party
from services.notify.domain.planning import CaseEventIn, Planner
from services.notify.domain.plans import PlannedDelivery
from services.notify.domain.reporter_targets import ContactUnreadable, ReporterAddress
from services.notify.service_layer.ports import ReporterContacts, UnreachedAlarm


class MatrixPlanner:
    def __init__(self, planner: Planner, contacts: ReporterContacts, alarm: UnreachedAlarm) -> None:
        self.planner = planner
        self.contacts = contacts
        self.alarm = alarm

    async def plan(
        self, envelope: Envelope[BaseModel], trace: dict[str, str]
    ) -> Sequence[PlannedDelivery]:
        event = CaseEventIn(
            event_id=str(envelope.id),
            event_type=envelope.type,
            occurred_at=envelope.time,
            payload=envelope.data,
            trace=trace,
        )
        reporters: list[ReporterToTell] = getattr(envelope.data, "reporters", None) or []
        plan = self.planner.plan(event, self._addresses(envelope.type, reporters))
        for miss in plan.unreached:
            self.alarm.unreached(
                event_type=envelope.type, party=miss.party.value, who=miss.who, reason=miss.reason
            )
        return list(plan.deliveries.values())

    def _addresses(
        self, event_type: str, reporters: Sequence[ReporterToTell]
    ) -> Mapping[str, ReporterAddress]:
        opened: dict[str, ReporterAddress] = {}
        for reporter in reporters:
            if not reporter.contact.ciphertext:
                continue  # asked for updates but left no contact: nobody to reach
            try:
                opened[reporter.report_id] = self.contacts.open(
                    reporter.report_id, reporter.contact
                )
            except ContactUnreadable as exc:
                self.alarm.unreached(
                    event_type=event_type,
                    party=Party.REPORTER.value,
                    who=reporter.report_id,
                    reason=str(exc),
                )
        return opened
