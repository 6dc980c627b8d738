"""services/common/heap.py: settling freezes what survives, pauses are timed."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from services.common import heap


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    """The test process must not keep what a test froze."""
    yield
    gc.unfreeze()


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def pause_count(generation: int) -> float:
    for metric in heap.PAUSES.collect():
        for sample in metric.samples:
            if sample.name.endswith("_count") and sample.labels["generation"] == str(generation):
                return sample.value
    return 0.0


def test_settle_collects_cycles_then_freezes_the_survivors() -> None:
    garbage, kept = Node(), Node()
    garbage.other, kept.other = Node(), Node()
    assert garbage.other is not None and kept.other is not None
    garbage.other.other, kept.other.other = garbage, kept  # two cycles
    gone = weakref.ref(garbage)
    del garbage
    gc.unfreeze()

    heap.settle("test")

    assert gone() is None  # the unreachable cycle was collected first
    assert gc.get_freeze_count() > 0
    frozen = gc.get_freeze_count()
    gc.collect()
    assert gc.get_freeze_count() == frozen  # a collection leaves the frozen alone
    assert kept.other.other is kept


def test_an_object_freed_after_a_settle_is_still_freed() -> None:
    held = [Node()]
    gone = weakref.ref(held[0])
    heap.settle("test")
    held.clear()
    assert gone() is None  # reference counting does not look at generations


def test_every_collection_is_timed_once_however_often_watched() -> None:
    heap.watch_pauses()
    heap.watch_pauses()
    timers = [callback for callback in gc.callbacks if isinstance(callback, heap._PauseTimer)]
    assert len(timers) == 1
    before = pause_count(2)
    gc.collect()
    assert pause_count(2) == before + 1


class Done(list[str]):
    """What keep_settled did, in order; `grew` is set at every step."""

    def __init__(self) -> None:
        super().__init__()
        self.grew = asyncio.Event()

    def add(self, what: str) -> None:
        self.append(what)
        self.grew.set()


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> Done:
    """keep_settled checking every 10 ms, its steps recorded."""
    done = Done()
    monkeypatch.setattr(heap, "CHECK_S", 0.01)
    monkeypatch.setattr(heap, "SLOW_FULL_S", float("inf"))  # no collection is slow unless said
    monkeypatch.setattr(heap, "settle", done.add)
    monkeypatch.setattr(heap, "freeze_survivors", lambda: done.add("survivors"))
    heap.watch_pauses().slow_full = False  # what earlier collections of this process left
    return done


async def until(done: Done, count: int) -> None:
    async with asyncio.timeout(5):
        while len(done) < count:
            done.grew.clear()
            await done.grew.wait()


async def test_keep_settled_settles_at_start_then_every_interval(quick: Done) -> None:
    task = asyncio.create_task(heap.keep_settled(0.02))
    await until(quick, 3)
    task.cancel()
    assert quick[:3] == ["start", "interval", "interval"]


async def test_keep_settled_at_zero_settles_once_and_keeps_running(quick: Done) -> None:
    task = asyncio.create_task(heap.keep_settled(0))
    await asyncio.sleep(0.1)
    assert not task.done()  # a supervised task that returned would be restarted
    task.cancel()
    assert quick == ["start"]


async def test_a_slow_full_collection_freezes_its_survivors_once_per_spacing(
    quick: Done, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(heap, "SLOW_FULL_S", 0.0)  # every full collection counts as slow
    monkeypatch.setattr(heap, "MIN_FREEZE_SPACING_S", 3600.0)
    task = asyncio.create_task(heap.keep_settled(0))
    await until(quick, 1)
    gc.collect(1)  # a younger collection is not a reason
    await asyncio.sleep(0.05)
    assert quick == ["start"]
    gc.collect()
    await until(quick, 2)
    gc.collect()  # within the spacing: waits
    await asyncio.sleep(0.05)
    task.cancel()
    assert quick == ["start", "survivors"]


def test_settling_clears_the_slow_mark_its_own_collection_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(heap, "SLOW_FULL_S", 0.0)
    heap.settle("test")
    assert heap.watch_pauses().slow_full is False
    gc.collect()
    assert heap.watch_pauses().slow_full is True


def test_the_young_threshold_is_set_and_the_older_ratios_kept() -> None:
    before = gc.get_threshold()
    try:
        heap.tune_collector(50_000)
        assert gc.get_threshold() == (50_000, before[1], before[2])
    finally:
        gc.set_threshold(*before)


def test_services_collect_the_young_generation_after_50000_objects_by_default() -> None:
    from services.common.settings import ServiceSettings

    assert ServiceSettings().gc_young_threshold == 50_000
    with pytest.raises(ValueError, match="gc_young_threshold"):
        ServiceSettings(gc_young_threshold=10)
