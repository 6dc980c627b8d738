"""Where every accepted report ended up, counted from the store and the webhook sink.

A report is in a case when a case document lists it in `report_ids` (it opened or was
folded into the case) or a `case_links` entry names it (a duplicate that joined); its
`report_filings` record must name the same case. Cases are grouped by incident (reports
the test posted as copies of one) and by dedup key: two cases for one is a duplicate.
Each case must have one webhook per route at the sink; a webhook id (the notification
id) arriving twice is a duplicate notification, unless one arrival came before notify's
SIGKILLed process was replaced and one after: a send whose record the killed process had
not yet written is sent again by its successor (at-least-once; receivers dedupe by `webhook-id`, docs/decisions.md
"Notify: an insert-only delivery log"). Those are counted apart, as `resent_after_kill`.

`quiet` is the barrier before counting: every consumer group of the stack has committed
up to the end of every partition it reads and intake's spool is empty, so nothing is
left in flight that could still add a case or a webhook.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo.asynchronous.database import AsyncDatabase

from services.cases.adapters.mongo_case_store import CASES, FILINGS, LINKS

Document = dict[str, Any]


@dataclass(frozen=True)
class Placement:
    """Every case each report is on, each case's dedup key and routes, each filing."""

    cases_of: dict[str, set[str]]
    filed_on: dict[str, str]
    dedup_key: dict[str, str]
    routes: dict[str, tuple[str, ...]]


async def placement(db: AsyncDatabase[Document], report_ids: Collection[str]) -> Placement:
    ids = list(report_ids)
    cases_of: dict[str, set[str]] = defaultdict(set)
    dedup_key: dict[str, str] = {}
    routes: dict[str, tuple[str, ...]] = {}
    wanted = set(ids)
    projection = {"report_ids": 1, "dedup_key": 1, "routes": 1}
    async for case in db[CASES].find({"report_ids": {"$in": ids}}, projection):
        case_id = str(case["_id"])
        dedup_key[case_id] = str(case.get("dedup_key"))
        routes[case_id] = tuple(case.get("routes") or ())
        for report_id in case["report_ids"]:
            if report_id in wanted:
                cases_of[report_id].add(case_id)
    async for link in db[LINKS].find({"_id": {"$in": ids}}, {"case_id": 1}):
        cases_of[str(link["_id"])].add(str(link["case_id"]))
    filed_on = {
        str(f["_id"]): str(f["case_id"])
        async for f in db[FILINGS].find({"_id": {"$in": ids}}, {"case_id": 1})
    }
    return Placement(dict(cases_of), filed_on, dedup_key, routes)


@dataclass(frozen=True)
class Tally:
    scenario: str
    accepted: int
    in_cases: int  # in exactly one case, the one its filing names
    lost: int  # in no case
    misplaced: int  # in more than one case, or not on the case its filing names
    duplicate_cases: int  # extra cases for one incident or one dedup key
    cases: int
    unnotified: int  # a route of a case with no webhook at the sink
    duplicate_notifications: int  # extra arrivals of one webhook id, not explained below
    resent_after_kill: int  # extra arrivals of one id, one before and one after a kill

    def line(self) -> str:
        return (
            f"[faults] {self.scenario:<24} accepted={self.accepted} in_cases={self.in_cases} "
            f"lost={self.lost} duplicate_cases={self.duplicate_cases} "
            f"duplicate_notifications={self.duplicate_notifications} misplaced={self.misplaced} "
            f"unnotified={self.unnotified} cases={self.cases} "
            f"resent_after_kill={self.resent_after_kill}"
        )


def tally(
    scenario: str,
    incidents: Mapping[str, str],  # report id -> incident (copies of one report share it)
    where: Placement,
    arrivals: Mapping[str, list[float]],  # webhook id -> arrival times
    webhook_ids: Mapping[str, set[str]],
    notify_replaced_at: Collection[float],  # when a SIGKILLed notify's successor appeared
) -> Tally:
    in_cases = lost = misplaced = 0
    cases_of_incident: dict[str, set[str]] = defaultdict(set)
    for report_id, incident in incidents.items():
        cases = where.cases_of.get(report_id, set())
        cases_of_incident[incident] |= cases
        if not cases:
            lost += 1
        elif len(cases) == 1 and where.filed_on.get(report_id) in cases:
            in_cases += 1
        else:
            misplaced += 1
    cases = set().union(*cases_of_incident.values())
    by_key = Counter(where.dedup_key[c] for c in cases if c in where.dedup_key)
    duplicate_cases = sum(len(c) - 1 for c in cases_of_incident.values() if c) + sum(
        n - 1 for n in by_key.values()
    )
    unnotified = sum(
        max(0, len(where.routes.get(c, ())) - len(webhook_ids.get(c, ()))) for c in cases
    )
    duplicate_notifications = resent_after_kill = 0
    for webhook_id in (w for c in cases for w in webhook_ids.get(c, ())):
        times = arrivals[webhook_id]
        if len(times) < 2:
            continue
        if any(min(times) < new <= max(times) for new in notify_replaced_at):
            resent_after_kill += len(times) - 1
        else:
            duplicate_notifications += len(times) - 1
    return Tally(
        scenario,
        accepted=len(incidents),
        in_cases=in_cases,
        lost=lost,
        misplaced=misplaced,
        duplicate_cases=duplicate_cases,
        cases=len(cases),
        unnotified=unnotified,
        duplicate_notifications=duplicate_notifications,
        resent_after_kill=resent_after_kill,
    )


async def lag(bootstrap: str) -> dict[str, int]:
    """Messages not yet committed, per consumer group of the stack (netra-*), over every
    partition of each topic the group has committed on (a partition it never committed on
    counts from offset 0)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        groups = [g[0] for g in await admin.list_consumer_groups() if g[0].startswith("netra-")]
        committed: dict[str, dict[TopicPartition, int]] = {}
        for group in groups:
            offsets = await admin.list_consumer_group_offsets(group)
            committed[group] = {tp: max(meta.offset, 0) for tp, meta in offsets.items()}
        await consumer.topics()  # fetches the cluster's metadata
        every = {
            group: [
                TopicPartition(topic, p)
                for topic in {tp.topic for tp in offsets}
                for p in consumer.partitions_for_topic(topic) or ()
            ]
            for group, offsets in committed.items()
        }
        partitions = {tp for tps in every.values() for tp in tps}
        ends = await consumer.end_offsets(list(partitions)) if partitions else {}
        return {
            group: sum(ends[tp] - committed[group].get(tp, 0) for tp in tps)
            for group, tps in every.items()
        }
    finally:
        await consumer.stop()
        await admin.close()


def spooled(spool_dir: Path) -> int:
    return len(list(spool_dir.glob("*.json"))) if spool_dir.is_dir() else 0


async def quiet(bootstrap: str, spool_dir: Path) -> str | None:
    """None when nothing is in flight; else what still is (for the wait's message)."""
    spooled_now = await asyncio.to_thread(spooled, spool_dir)
    if spooled_now:
        return f"{spooled_now} reports in intake's spool"
    behind = {group: n for group, n in (await lag(bootstrap)).items() if n}
    return f"consumer lag {behind}" if behind else None
