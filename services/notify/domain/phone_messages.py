"""One message per phone number and update: a WhatsApp with its SMS as the fallback.

A reporter's phone offers both WhatsApp and SMS, and the matrix tells reporters on both;
sending both says the same thing twice to one handset (and pays for an SMS the WhatsApp
made needless). Of a WhatsApp and an SMS to the same number, the one the rule lists first
goes alone. A WhatsApp then carries the SMS as the gateway's fallback for a number it
cannot reach (docs/gateway-protocol.md, "fallback"); an SMS needs none, it reaches every
phone. Two different numbers are two messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from services.notify.domain.plans import ChannelName

PHONE_CHANNELS = (ChannelName.WHATSAPP, ChannelName.SMS)


class _Reachable(Protocol):
    @property
    def channel(self) -> ChannelName: ...

    @property
    def target(self) -> str: ...


C = TypeVar("C", bound=_Reachable)


def one_message_per_number(
    contacts: Iterable[C], channels: Sequence[ChannelName]
) -> list[tuple[C, ChannelName | None]]:
    """The contacts on the rule's `channels`, each with the fallback its send carries."""
    offered = [c for c in contacts if c.channel in channels]
    phone_channels = [c for c in channels if c in PHONE_CHANNELS]
    if len(phone_channels) < 2:
        return [(contact, None) for contact in offered]
    first, second = phone_channels
    numbers = {(c.channel, c.target) for c in offered}
    chosen: list[tuple[C, ChannelName | None]] = []
    for contact in offered:
        both = (first, contact.target) in numbers and (second, contact.target) in numbers
        if both and contact.channel == second:
            continue  # said by the first
        fallback = ChannelName.SMS if both and contact.channel == ChannelName.WHATSAPP else None
        chosen.append((contact, fallback))
    return chosen
