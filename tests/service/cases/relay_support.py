"""An outbox relay as one replica runs it, on fakes: its store, its lease, its clock."""

from __future__ import annotations

from datetime import timedelta

from services.cases.entrypoints.background import OutboxRelay
from services.cases.service_layer.lease import SlotLease
from services.cases.service_layer.moves import PendingMoves
from services.cases.service_layer.ports import Outbox
from services.common.item_retries import FailingItems
from services.common.publishing import EventPublisher
from tests.fakes.cases.leases import InMemoryLeases
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.clock import FakeClock
from tests.unit.cases.packaged_rules import packaged_policy

LEASE_S = 60.0
GRACE = timedelta(seconds=30)


def replica(
    name: str,
    *,
    outbox: Outbox,
    moves_store: InMemoryCaseStore,
    publisher: EventPublisher,
    leases: InMemoryLeases,
    clock: FakeClock,
) -> OutboxRelay:
    return OutboxRelay(
        outbox=outbox,
        publisher=publisher,
        recovery_interval_s=60,
        failing=FailingItems(f"relay_{name}", base_s=60, max_s=60),
        moves=PendingMoves(
            moves_store, packaged_policy(), clock, FailingItems(f"m_{name}", base_s=60, max_s=60)
        ),
        lease=SlotLease(leases, "outbox_recovery", name, LEASE_S, clock),
        grace=GRACE,
        clock=clock,
    )
