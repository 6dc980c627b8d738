"""`netra dlq list|show|replay`: inspect dead letters and send one back after a fix.

A dead letter is named by its place on the DLQ (`partition:offset`, what `list` shows) or
by its event id. Payloads are shown as a short, escaped preview only: they are the
original events, whose personal data is encrypted; nothing here decrypts.
"""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from schemas import topics
from schemas.codec import InvalidEvent, decode
from schemas.dlq import DeadLetter

app = typer.Typer(
    help="Dead letters: list them, show one, replay one after a fix.", no_args_is_help=True
)
console = Console(width=160)
Bootstrap = Annotated[str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS", help="Kafka servers")]
PREVIEW_BYTES = 160


@dataclass(frozen=True)
class Stored:
    ref: str  # partition:offset on the DLQ
    event_id: str
    letter: DeadLetter


async def _read_all(bootstrap: str) -> list[Stored]:
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
        letters: list[Stored] = []
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                letters.extend(_parse(record) for record in records)
        return letters
    finally:
        await consumer.stop()


def _parse(record: Any) -> Stored:
    ref = f"{record.partition}:{record.offset}"
    try:
        envelope = decode(record.value, accept=frozenset({"dlq.message"}))
    except InvalidEvent as exc:
        raise typer.BadParameter(f"DLQ record {ref} is unreadable: {exc}") from exc
    assert isinstance(envelope.data, DeadLetter)
    return Stored(ref, str(envelope.id), envelope.data)


def _find(bootstrap: str, wanted: str) -> Stored:
    for stored in asyncio.run(_read_all(bootstrap)):
        if wanted in (stored.ref, stored.event_id):
            return stored
    console.print(f"[red]no dead letter {escape(wanted)}; `netra dlq list` shows what there is")
    raise typer.Exit(1)


def origin(letter: DeadLetter) -> str:
    return f"{letter.source_topic}[{letter.partition}]@{letter.offset}"


def preview(payload: bytes) -> str:
    """The first bytes, escaped (control characters and invalid UTF-8 shown as escapes)."""
    head = payload[:PREVIEW_BYTES].decode("utf-8", errors="backslashreplace")
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in head)
    more = len(payload) - PREVIEW_BYTES
    return shown + (f" … (+{more} bytes)" if more > 0 else "")


@app.command("list")
def list_letters(bootstrap: Bootstrap = "127.0.0.1:9092") -> None:
    """Every dead letter with where it came from and why."""
    table = Table("ref", "from", "consumer", "class", "reason", "failed at")
    for stored in asyncio.run(_read_all(bootstrap)):
        letter = stored.letter
        table.add_row(
            stored.ref,
            origin(letter),
            letter.consumer,
            letter.reason_class,
            escape(letter.reason[:120]),
            letter.failed_at.isoformat(),
        )
    console.print(table)


@app.command("show")
def show(
    ref: Annotated[str, typer.Argument(help="partition:offset on the DLQ (see `list`), or id")],
    bootstrap: Bootstrap = "127.0.0.1:9092",
) -> None:
    """One dead letter in full: why, how often it was tried, where from, a payload preview."""
    stored = _find(bootstrap, ref)
    letter = stored.letter
    payload = base64.b64decode(letter.payload_b64)
    table = Table(show_header=False)
    for name, value in (
        ("ref", stored.ref),
        ("id", stored.event_id),
        ("from", origin(letter)),
        ("key", letter.key or "-"),
        ("consumer", letter.consumer),
        ("reason class", letter.reason_class),
        ("error type", letter.error_type or "-"),
        ("reason", letter.reason),
        ("traceback digest", letter.traceback_digest or "-"),
        ("attempts", str(letter.attempts)),
        ("failed at", letter.failed_at.isoformat()),
        ("payload", f"{letter.payload_size or len(payload)} bytes: {preview(payload)}"),
        ("truncated", "yes (cannot be replayed)" if letter.payload_truncated else "no"),
    ):
        table.add_row(name, escape(value))
    console.print(table)


async def _replay(bootstrap: str, letters: list[DeadLetter]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for letter in letters:
            key = letter.key.encode() if letter.key else None
            await producer.send_and_wait(
                letter.source_topic, base64.b64decode(letter.payload_b64), key=key
            )
    finally:
        await producer.stop()


def _of_digest(bootstrap: str, digest: str) -> list[Stored]:
    """The letters of one bug, one per source message (several groups may have sent one)."""
    chosen: dict[tuple[str, int, int], Stored] = {}
    for stored in asyncio.run(_read_all(bootstrap)):
        letter = stored.letter
        if letter.traceback_digest == digest:
            chosen.setdefault((letter.source_topic, letter.partition, letter.offset), stored)
    if not chosen:
        console.print(f"[red]no dead letter with traceback digest {escape(digest)}")
        raise typer.Exit(1)
    return list(chosen.values())


@app.command("replay")
def replay(
    ref: Annotated[
        str | None, typer.Argument(help="partition:offset on the DLQ (see `list`), or id")
    ] = None,
    digest: Annotated[
        str | None, typer.Option(help="Replay every letter with this traceback digest instead")
    ] = None,
    bootstrap: Bootstrap = "127.0.0.1:9092",
) -> None:
    """Publish the original bytes of dead letters back to the topics they came from.

    One letter by its ref, or, after a fix, every letter of one bug (`--digest`), each
    source message once. Every consumer group of the topic reads it again; handlers are
    idempotent, so a group that had handled it before does nothing new.
    """
    if (ref is None) == (digest is None):
        console.print("[red]name one letter (ref or id) or give --digest, not both")
        raise typer.Exit(2)
    chosen = [_find(bootstrap, ref)] if ref is not None else _of_digest(bootstrap, str(digest))
    truncated = [stored.ref for stored in chosen if stored.letter.payload_truncated]
    if truncated:
        console.print(f"[red]{', '.join(truncated)} kept only the start of the payload: no replay")
        raise typer.Exit(1)
    asyncio.run(_replay(bootstrap, [stored.letter for stored in chosen]))
    for stored in chosen:
        console.print(f"replayed {stored.ref} to {stored.letter.source_topic}")
