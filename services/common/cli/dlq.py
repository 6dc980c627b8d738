"""`netra dlq list|replay`: inspect dead letters and send one back after a fix."""

from __future__ import annotations

import asyncio
import base64
from typing import Annotated, Any

import typer
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from rich.console import Console
from rich.table import Table

from schemas import topics
from schemas.codec import InvalidEvent, decode
from schemas.dlq import DeadLetter

app = typer.Typer(help="Dead letters: list them, replay one after a fix.", no_args_is_help=True)
console = Console()
Bootstrap = Annotated[str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS", help="Kafka servers")]


async def _read_all(bootstrap: str) -> list[tuple[str, DeadLetter]]:
    # No group: the consumer is assigned every partition and commits nothing.
    consumer = AIOKafkaConsumer(
        topics.DLQ,
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        partitions = sorted(consumer.assignment())
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        letters: list[tuple[str, DeadLetter]] = []
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                letters.extend(_parse(record) for record in records)
        return letters
    finally:
        await consumer.stop()


def _parse(record: Any) -> tuple[str, DeadLetter]:
    ref = f"{record.partition}:{record.offset}"
    try:
        envelope = decode(record.value, accept=frozenset({"dlq.message"}))
    except InvalidEvent as exc:
        raise typer.BadParameter(f"DLQ record {ref} is unreadable: {exc}") from exc
    assert isinstance(envelope.data, DeadLetter)
    return ref, envelope.data


@app.command("list")
def list_letters(bootstrap: Bootstrap = "127.0.0.1:9092") -> None:
    """Every dead letter with where it came from and why."""
    table = Table("ref", "from", "consumer", "reason", "failed at")
    for ref, letter in asyncio.run(_read_all(bootstrap)):
        origin = f"{letter.source_topic}[{letter.partition}]@{letter.offset}"
        table.add_row(ref, origin, letter.consumer, letter.reason, letter.failed_at.isoformat())
    console.print(table)


async def _replay(bootstrap: str, letter: DeadLetter) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        key = letter.key.encode() if letter.key else None
        await producer.send_and_wait(
            letter.source_topic, base64.b64decode(letter.payload_b64), key=key
        )
    finally:
        await producer.stop()


@app.command("replay")
def replay(
    ref: Annotated[str, typer.Argument(help="partition:offset of the dead letter (see `list`)")],
    bootstrap: Bootstrap = "127.0.0.1:9092",
) -> None:
    """Publish the original bytes of one dead letter back to the topic it came from."""
    letters = dict(asyncio.run(_read_all(bootstrap)))
    if ref not in letters:
        console.print(f"[red]no dead letter {ref}; `netra dlq list` shows what there is")
        raise typer.Exit(1)
    asyncio.run(_replay(bootstrap, letters[ref]))
    console.print(f"replayed {ref} to {letters[ref].source_topic}")
