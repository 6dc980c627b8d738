"""`netra lag`: how far each of Netra's consumer groups is behind, per topic and partition.

Asks the broker (not the services): the committed offset of each group (admin client)
against each partition's end offset. A partition the group never committed on shows
`-` and counts its whole length as lag. The services export the same figure as the
`netra_consumer_lag` gauge (services/common/consumer_metrics.py), from their own view.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Annotated

import typer
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from rich.console import Console
from rich.table import Table

console = Console(width=160)
Bootstrap = Annotated[str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS", help="Kafka servers")]


@dataclass(frozen=True)
class Lag:
    group: str
    topic: str
    partition: int
    committed: int | None  # None: the group never committed on this partition
    end: int

    @property
    def behind(self) -> int:
        return self.end - (self.committed or 0)


async def lags(bootstrap: str, group_prefix: str) -> list[Lag]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        groups = sorted(
            g[0] for g in await admin.list_consumer_groups() if g[0].startswith(group_prefix)
        )
        committed = {g: await admin.list_consumer_group_offsets(g) for g in groups}
        names = sorted({tp.topic for offsets in committed.values() for tp in offsets})
        described = await admin.describe_topics(names) if names else []
    finally:
        await admin.close()
    partitions = [
        TopicPartition(topic["topic"], p["partition"])
        for topic in described
        for p in topic["partitions"]
    ]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(sorted(partitions)) if partitions else {}
    finally:
        await consumer.stop()
    rows = []
    for group, offsets in committed.items():
        by_tp = {tp: meta.offset for tp, meta in offsets.items() if meta.offset >= 0}
        for tp in sorted(tp for tp in ends if tp.topic in {t.topic for t in offsets}):
            rows.append(Lag(group, tp.topic, tp.partition, by_tp.get(tp), ends[tp]))
    return rows


def run(
    bootstrap: Bootstrap = "127.0.0.1:9092",
    group_prefix: Annotated[str, typer.Option(help="Consumer groups to show")] = "netra-",
) -> None:
    """Lag per consumer group, topic and partition (end offset minus committed offset)."""
    rows = asyncio.run(lags(bootstrap, group_prefix))
    table = Table("group", "topic", "partition", "committed", "end", "lag")
    for row in rows:
        committed = "-" if row.committed is None else str(row.committed)
        table.add_row(
            row.group, row.topic, str(row.partition), committed, str(row.end), str(row.behind)
        )
    console.print(table)
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.group] = totals.get(row.group, 0) + row.behind
    for group, total in totals.items():
        console.print(f"{group}: {total} behind")
    if not rows:
        console.print(f"no consumer group starting with {group_prefix!r} has committed offsets")
