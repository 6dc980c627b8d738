"""The two fetch paces: eager and long while idle, batching from a batch until a quiet spell."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from services.common.fetch_pacing import FetchPace, IdlePacing, pace_fetcher


@dataclass
class Fetcher:
    """What aiokafka's fetcher holds for the next fetch request it builds."""

    _fetch_min_bytes: int
    _fetch_max_wait_ms: int

    @property
    def pace(self) -> FetchPace:
        return FetchPace(self._fetch_min_bytes, self._fetch_max_wait_ms)


BUSY = FetchPace(256 * 1024, 20)
IDLE = FetchPace(1, 500)


def pacing() -> IdlePacing:
    return IdlePacing.around(busy_min_bytes=BUSY.min_bytes, busy_wait_ms=20, idle_wait_ms=500)


def declared() -> Fetcher:
    fetcher = Fetcher(0, 0)
    pace_fetcher(fetcher, pacing().idle)
    return fetcher


def test_idle_is_answered_at_the_first_byte_and_waits_long() -> None:
    p = pacing()
    assert (p.idle, p.busy, p.quiet_s) == (IDLE, BUSY, 0.04)


async def test_a_batch_switches_to_the_batching_pace_until_a_quiet_spell() -> None:
    p, fetcher = pacing(), declared()
    p.batch_seen(fetcher)
    assert fetcher.pace == BUSY
    await asyncio.sleep(0.06)
    assert fetcher.pace == IDLE


async def test_batches_closer_than_the_quiet_spell_keep_the_batching_pace() -> None:
    p, fetcher = pacing(), declared()
    for _ in range(4):
        p.batch_seen(fetcher)
        await asyncio.sleep(0.025)  # 100 ms in all, past quiet_s since the first batch
        assert fetcher.pace == BUSY
    await asyncio.sleep(0.04)
    assert fetcher.pace == IDLE


async def test_a_restarted_consumer_gets_the_batching_pace_and_the_old_one_is_left() -> None:
    p, old, new = pacing(), declared(), declared()
    p.batch_seen(old)
    p.batch_seen(new)
    assert new.pace == BUSY
    await asyncio.sleep(0.06)
    assert (old.pace, new.pace) == (BUSY, IDLE)
