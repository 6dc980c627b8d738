"""Delivery receipts from the SMS/WhatsApp gateway: matched to what we sent, or refused.

The gateway channel remembers each message it sends (`SentMessages`: notification id ->
gateway message id, bounded); a receipt is accepted only for a notification we sent,
under that very message id once known, so a forged or stray receipt never marks
anything. An accepted receipt is kept with its delivery (adapters/receipt_log.py), where
ops see it; it never changes the delivery's state (the gateway accepted the message:
that was the delivery).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol

from schemas.gateway import DeliveryReceipt


class SentMessages:
    """The last `capacity` notifications sent through the gateway, and their message ids.

    A notification is expected before its request leaves: a fast gateway's receipt may
    arrive before the answer that names the message id has been read.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._provider_ids: OrderedDict[str, str | None] = OrderedDict()

    def expect(self, notification_id: str) -> None:
        self._provider_ids.setdefault(notification_id, None)
        self._provider_ids.move_to_end(notification_id)
        while len(self._provider_ids) > self.capacity:
            self._provider_ids.popitem(last=False)

    def remember(self, provider_id: str, notification_id: str) -> None:
        self.expect(notification_id)
        self._provider_ids[notification_id] = provider_id

    def matches(self, *, provider_id: str, notification_id: str) -> bool:
        if notification_id not in self._provider_ids:
            return False
        known = self._provider_ids[notification_id]
        return known is None or known == provider_id


class ReceiptRecorder(Protocol):
    async def record_receipt(self, *, notification_id: str, receipt: DeliveryReceipt) -> None: ...


class ReceiptReader(Protocol):
    """A delivery's receipts, oldest first (`netra deliveries show`)."""

    async def receipts_of(self, notification_id: str) -> list[DeliveryReceipt]: ...


class UnknownReceipt(LookupError):
    """A receipt for a message this notify did not send (or not under that reference)."""


class Receipts:
    def __init__(self, *, sent: SentMessages, recorder: ReceiptRecorder) -> None:
        self.sent = sent
        self.recorder = recorder

    async def accept(self, receipt: DeliveryReceipt) -> str:
        """The notification id the receipt is about; UnknownReceipt when there is none."""
        if not self.sent.matches(provider_id=receipt.message_id, notification_id=receipt.reference):
            raise UnknownReceipt(
                f"no message {receipt.message_id!r} was sent with reference {receipt.reference!r}"
            )
        await self.recorder.record_receipt(notification_id=receipt.reference, receipt=receipt)
        return receipt.reference
