"""Delivery receipts from the SMS/WhatsApp gateway: matched to what we sent, or refused.

The gateway channel remembers each accepted message (`SentMessages`: provider id ->
notification id, bounded); a receipt is accepted only for a message we sent under that
very reference, so a forged or stray receipt never marks anything. What an accepted
receipt changes is the `ReceiptRecorder`'s business (the delivery log, after the merge).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol

from schemas.gateway import DeliveryReceipt


class SentMessages:
    """The last `capacity` gateway message ids and the notification each carried."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._by_provider_id: OrderedDict[str, str] = OrderedDict()

    def remember(self, provider_id: str, notification_id: str) -> None:
        self._by_provider_id[provider_id] = notification_id
        self._by_provider_id.move_to_end(provider_id)
        while len(self._by_provider_id) > self.capacity:
            self._by_provider_id.popitem(last=False)

    def notification_for(self, provider_id: str) -> str | None:
        return self._by_provider_id.get(provider_id)


class ReceiptRecorder(Protocol):
    async def record_receipt(self, *, notification_id: str, receipt: DeliveryReceipt) -> None: ...


class UnknownReceipt(LookupError):
    """A receipt for a message this notify did not send (or not under that reference)."""


class Receipts:
    def __init__(self, *, sent: SentMessages, recorder: ReceiptRecorder) -> None:
        self.sent = sent
        self.recorder = recorder

    async def accept(self, receipt: DeliveryReceipt) -> str:
        """The notification id the receipt is about; UnknownReceipt when there is none."""
        notification_id = self.sent.notification_for(receipt.message_id)
        if notification_id is None or notification_id != receipt.reference:
            raise UnknownReceipt(
                f"no message {receipt.message_id!r} was sent with reference {receipt.reference!r}"
            )
        await self.recorder.record_receipt(notification_id=notification_id, receipt=receipt)
        return notification_id
