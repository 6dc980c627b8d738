"""Contract of the receipt log: the in-memory one and the Mongo adapter (FerretDB) alike.
A delivery's receipts read back oldest first, a receipt the gateway repeats is kept once,
and another delivery's receipts are not mixed in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Protocol

import pytest

from schemas.gateway import DeliveryReceipt
from services.notify.adapters.receipt_log import MongoReceiptLog
from services.notify.service_layer.receipts import ReceiptReader, ReceiptRecorder
from tests.contracts.conftest import scratch_database
from tests.fakes.notify import InMemoryReceipts
from tests.infra import SessionInfra

WHEN = datetime(2026, 11, 1, 8, 0, 0, 123_000, tzinfo=UTC)


class ReceiptLog(ReceiptRecorder, ReceiptReader, Protocol):
    pass


@pytest.fixture
async def receipt_log(real_infra: SessionInfra | None) -> AsyncIterator[ReceiptLog]:
    if real_infra is None:
        yield InMemoryReceipts()
        return
    async with scratch_database(real_infra) as db:
        yield MongoReceiptLog(db)


def receipt(status: str, *, after_s: float, nid: str = "NTF-1") -> DeliveryReceipt:
    return DeliveryReceipt.model_validate(
        {
            "message_id": "SIM-000001",
            "reference": nid,
            "status": status,
            "at": WHEN + timedelta(seconds=after_s),
        }
    )


async def test_a_delivery_s_receipts_read_back_once_each_oldest_first(
    receipt_log: ReceiptLog,
) -> None:
    failed, delivered = receipt("failed", after_s=1), receipt("delivered", after_s=5)
    for r in (delivered, failed, delivered):  # out of order, and one repeated
        await receipt_log.record_receipt(notification_id="NTF-1", receipt=r)
    await receipt_log.record_receipt(
        notification_id="NTF-2", receipt=receipt("delivered", after_s=2, nid="NTF-2")
    )
    assert await receipt_log.receipts_of("NTF-1") == [failed, delivered]
    assert await receipt_log.receipts_of("NTF-3") == []


async def test_receipts_arriving_together_are_each_kept_before_their_call_returns(
    receipt_log: ReceiptLog,
) -> None:
    statuses = ("failed", "delivered")
    calls = [
        receipt_log.record_receipt(
            notification_id=f"NTF-{n}", receipt=receipt(s, after_s=i, nid=f"NTF-{n}")
        )
        for n in (1, 2)
        for i, s in enumerate(statuses)
    ]
    await asyncio.gather(*calls)  # on the store they linger into one insert
    for n in (1, 2):
        assert [r.status for r in await receipt_log.receipts_of(f"NTF-{n}")] == list(statuses)
