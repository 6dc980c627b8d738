"""What a load run's phases left behind, counted per phase (tests/faults/ledger.py): where
every accepted report ended up, from the stack's store, and the webhooks its sink got."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo import AsyncMongoClient

from tests.faults import ledger
from tests.faults.load_phases import Phase, incident_of
from tests.faults.supervised import SupervisedStack


async def count_phases(running: SupervisedStack, phases: Sequence[Phase]) -> list[ledger.Tally]:
    client: AsyncMongoClient[ledger.Document] = AsyncMongoClient(running.mongodb_url)
    try:
        accepted = [str(p.report_id) for phase in phases for p in phase.posting.accepted]
        where = await ledger.placement(client[running.database], accepted)
    finally:
        await client.close()
    arrivals, webhook_ids = running.sink.webhooks()
    # A send the SIGKILL interrupted may come again from the successor (resent_after_kill).
    notify_replaced_at = [p.replaced_at for p in phases if p.fault.name == "SIGKILL notify"]
    return [
        ledger.tally(
            phase.fault.name,
            {str(p.report_id): incident_of(p.index) for p in phase.posting.accepted},
            where,
            arrivals,
            webhook_ids,
            notify_replaced_at,
        )
        for phase in phases
    ]
