"""An in-memory fake of `OutboundChannel` (services/notify/service_layer/delivery_ports.py).

tests/contracts/notify/test_outbound_channels.py runs it against the same suite as the
email, webhook and gateway adapters: one attempt per send, a refusal is an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.notify.domain.plans import Addressee, Message, SendOutcome


@dataclass(frozen=True)
class SentMessage:
    addressee: Addressee
    notification_id: str
    message: Message


@dataclass
class RecordingOutboundChannel:
    """Takes everything addressed to a target containing `valid_marker`; can be told to
    refuse the next sends (`refuse_next`: True = transient) or be unreachable (`down`)."""

    valid_marker: str = ""
    sent: list[SentMessage] = field(default_factory=list)
    refuse_next: list[bool] = field(default_factory=list)
    down: bool = False

    async def send(
        self, *, addressee: Addressee, notification_id: str, message: Message
    ) -> SendOutcome:
        if self.valid_marker not in addressee.target:
            return SendOutcome(False, False, f"not an address: recipient {addressee.recipient_id}")
        if self.down:
            return SendOutcome(False, True, "ConnectionRefusedError: endpoint unreachable")
        if self.refuse_next:
            transient = self.refuse_next.pop(0)
            return SendOutcome(False, transient, "refused (transient)" if transient else "refused")
        self.sent.append(SentMessage(addressee, notification_id, message))
        return SendOutcome(True, False, "accepted", provider_id=f"FAKE-{len(self.sent)}")
