"""`netra dlq list|show` show a dead letter; `netra dlq replay` sends its bytes back."""

from __future__ import annotations

import asyncio
import base64

from typer.testing import CliRunner

from schemas import topics
from schemas.dlq import DeadLetter
from services.common.cli import dlq
from tests.e2e.helpers import publish_raw
from tests.infra import SessionInfra

POISON = b"\x00dlq-replay-poison"


async def _letters_with(bootstrap: str, payload: bytes) -> list[tuple[str, DeadLetter]]:
    for _ in range(120):
        letters = [
            (stored.ref, stored.letter)
            for stored in await dlq._read_all(bootstrap)
            if base64.b64decode(stored.letter.payload_b64) == payload
        ]
        if len(letters) >= 2:
            return letters
        await asyncio.sleep(0.5)
    raise AssertionError("the poison message never reached the DLQ")


async def test_list_and_replay_a_dead_letter(services: dict[str, str], infra: SessionInfra) -> None:
    await publish_raw(infra.kafka_bootstrap, topics.REPORTS_RECEIVED, POISON)
    letters = await _letters_with(infra.kafka_bootstrap, POISON)
    origins = {(letter.partition, letter.offset) for _, letter in letters}
    assert len(origins) == 1 and {letter.consumer for _, letter in letters} == {"triage", "cases"}

    runner = CliRunner()
    listing = await asyncio.to_thread(
        runner.invoke, dlq.app, ["list", "--bootstrap", infra.kafka_bootstrap]
    )
    assert listing.exit_code == 0 and "not JSON" in listing.output and "poison" in listing.output

    shown = await asyncio.to_thread(
        runner.invoke, dlq.app, ["show", letters[0][0], "--bootstrap", infra.kafka_bootstrap]
    )
    assert shown.exit_code == 0, shown.output
    for expected in ("poison", "InvalidEvent", "not JSON", topics.REPORTS_RECEIVED, "\\x00dlq"):
        assert expected in shown.output, (expected, shown.output)

    ref = letters[0][0]
    replayed = await asyncio.to_thread(
        runner.invoke, dlq.app, ["replay", ref, "--bootstrap", infra.kafka_bootstrap]
    )
    assert replayed.exit_code == 0, replayed.output
    # the replayed bytes are still poison: they come back from a new source position
    for _ in range(120):
        seen = {
            (stored.letter.partition, stored.letter.offset)
            for stored in await dlq._read_all(infra.kafka_bootstrap)
            if base64.b64decode(stored.letter.payload_b64) == POISON
        }
        if len(seen) == 2:
            break
        await asyncio.sleep(0.5)
    assert len(seen) == 2 and origins < seen

    missing = await asyncio.to_thread(
        runner.invoke, dlq.app, ["replay", "9:999999", "--bootstrap", infra.kafka_bootstrap]
    )
    assert missing.exit_code == 1 and "no dead letter" in missing.output
