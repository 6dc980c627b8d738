"""A reporter's address opened for the one attempt that uses it, never before.

Planned deliveries (and so the delivery log) hold a reporter's target sealed
(`sealed:<report>:...`, domain/reporter_targets.py). `UnsealingChannel` wraps each
outbound channel: it opens the target in memory right before the send and hands the real
address to the channel only. Nothing here logs or returns the opened target; a contact
that does not open, or has nothing for the channel, is a dead delivery (another attempt
cannot fix it).
"""

from __future__ import annotations

from collections.abc import Mapping

from services.notify.domain.plans import Addressee, ChannelName, Message, SendOutcome
from services.notify.domain.reporter_targets import ContactUnreadable
from services.notify.service_layer.delivery_ports import OutboundChannel
from services.notify.service_layer.ports import ReporterContacts
from services.notify.service_layer.reporter_contacts import addressee_for_sending


class UnsealingChannel:
    def __init__(self, channel: OutboundChannel, contacts: ReporterContacts) -> None:
        self.channel = channel
        self.contacts = contacts

    async def send(
        self, *, addressee: Addressee, notification_id: str, message: Message
    ) -> SendOutcome:
        try:
            opened = addressee_for_sending(addressee, self.contacts)
        except ContactUnreadable as exc:
            return SendOutcome(False, False, f"reporter contact unreadable: {exc}")
        return await self.channel.send(
            addressee=opened, notification_id=notification_id, message=message
        )


def unsealing(
    channels: Mapping[ChannelName, OutboundChannel], contacts: ReporterContacts
) -> dict[ChannelName, OutboundChannel]:
    """Every channel wrapped: officials' addressees pass through unchanged."""
    return {name: UnsealingChannel(channel, contacts) for name, channel in channels.items()}
