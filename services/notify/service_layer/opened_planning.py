"""Today's notifications behind the planned-delivery ports, until issue 11's planner and
renderer replace them: `case.opened` told to each routed authority's directory
endpoints, the webhook body as before (docs/decisions.md, "Notify: planned deliveries").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from schemas.cases import CaseOpened
from schemas.envelope import Envelope
from services.common.logging import get_logger
from services.notify.domain.messages import case_opened_message
from services.notify.domain.plans import (
    Addressee,
    Audience,
    ChannelName,
    Message,
    PlannedDelivery,
    planned_notification_id,
)
from services.notify.service_layer.ports import Directory

log = get_logger(__name__)


class CaseOpenedPlanner:
    def __init__(self, directory: Directory) -> None:
        self.directory = directory

    async def plan(
        self, envelope: Envelope[BaseModel], trace: dict[str, str]
    ) -> Sequence[PlannedDelivery]:
        opened = envelope.data
        if not isinstance(opened, CaseOpened):
            return []
        planned: list[PlannedDelivery] = []
        for route in opened.routes:
            recipient = self.directory.recipient_for(route)
            if recipient is None:
                log.error("no_directory_entry", route=route, case_id=opened.case_id)
                continue
            for endpoint in recipient.endpoints:
                addressee = Addressee(
                    route, recipient.name, ChannelName(endpoint.channel), endpoint.target
                )
                nid = planned_notification_id(
                    event_id=str(envelope.id), recipient_id=route, channel=endpoint.channel
                )
                planned.append(
                    PlannedDelivery(
                        notification_id=nid,
                        event_id=str(envelope.id),
                        event_type=envelope.type,
                        case_id=opened.case_id,
                        occurred_at=envelope.time,
                        addressee=addressee,
                        audience=Audience.OFFICIAL,
                        template=envelope.type,
                        context=_body(envelope, opened, addressee, nid),
                        trace=trace,
                    )
                )
        return planned


def _body(
    envelope: Envelope[BaseModel], opened: CaseOpened, addressee: Addressee, nid: str
) -> dict[str, Any]:
    return {
        "notification_id": nid,
        "event_id": str(envelope.id),
        "event_type": envelope.type,
        "case_id": opened.case_id,
        "recipient": {"route": addressee.recipient_id, "name": addressee.name},
        "message": case_opened_message(opened, recipient_name=addressee.name),
        "case": opened.model_dump(mode="json", exclude={"report_id"}),
    }


class ContextRenderer:
    """The planned context is the webhook body; its Indonesian message the text."""

    def render(self, planned: PlannedDelivery) -> Message:
        text = str(planned.context.get("message", {}).get("id", planned.template))
        return Message(subject=planned.template, text=text, html=None, data=planned.context)
