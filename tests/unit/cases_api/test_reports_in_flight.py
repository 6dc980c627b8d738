"""Both cases subscribers insert each report. When one's insert of a report is still in
flight, the other waits for its outcome instead of sending the report again (on FerretDB
a duplicate in a batch costs the slow per-document path); if that insert failed, the
waiting one inserts the report itself.

The Mongo collection is the edge faked here: it holds each insert until released.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, cast

import pytest
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from services.cases.adapters.mongo_case_store import REPORTS
from services.cases.adapters.mongo_filing_log import MongoFilingLog
from services.cases.service_layer.ports import Document
from tests.contracts.cases.test_case_store import received

DUPLICATE_KEY = 11000


class HeldCollection:
    """`insert_many(ordered=False)` as the server answers it, held until `release`."""

    def __init__(self) -> None:
        self.stored: dict[str, Document] = {}
        self.sent: list[list[str]] = []
        self.released = asyncio.Event()
        self.failure: Exception | None = None

    async def insert_many(self, documents: Sequence[Document], *, ordered: bool) -> None:
        assert ordered is False
        self.sent.append([str(d["_id"]) for d in documents])
        await self.released.wait()
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure
        errors = []
        for index, document in enumerate(documents):
            if document["_id"] in self.stored:
                errors.append({"index": index, "code": DUPLICATE_KEY})
            else:
                self.stored[str(document["_id"])] = document
        if errors:
            raise BulkWriteError({"writeErrors": errors})

    def release(self) -> None:
        self.released.set()


class Database(dict[str, Any]):
    def __missing__(self, name: str) -> HeldCollection:
        self[name] = HeldCollection()
        return cast(HeldCollection, self[name])


def a_log() -> tuple[MongoFilingLog, HeldCollection]:
    db = Database()
    log = MongoFilingLog(cast(AsyncDatabase[Document], db))
    return log, db[REPORTS]


async def started(log: MongoFilingLog, *report_ids: str) -> asyncio.Task[set[str]]:
    reports = [received(r, f"NTR-{r}") for r in report_ids]
    task = asyncio.create_task(log.insert_reports(reports))
    await asyncio.sleep(0)  # up to its insert
    return task


async def test_a_report_in_flight_is_not_sent_again_and_counts_as_already_there() -> None:
    log, reports = a_log()
    first = await started(log, "R1")
    second = await started(log, "R1", "R2")
    reports.release()
    assert (await first, await second) == (set(), {"R1"})
    assert reports.sent == [["R1"], ["R2"]]
    assert sorted(reports.stored) == ["R1", "R2"]
    assert log.in_flight == {}


async def test_if_the_insert_in_flight_fails_the_waiting_call_inserts_the_report() -> None:
    log, reports = a_log()
    reports.failure = ConnectionError("store went away")
    first = await started(log, "R1")
    second = await started(log, "R1", "R2")
    reports.release()
    with pytest.raises(ConnectionError):
        await first
    assert await second == set()
    assert reports.sent == [["R1"], ["R2"], ["R1"]]
    assert sorted(reports.stored) == ["R1", "R2"] and log.in_flight == {}


async def test_one_after_the_other_the_second_sends_nothing_already_written() -> None:
    log, reports = a_log()
    reports.release()
    assert await log.insert_reports([received("R1", "NTR-1")]) == set()
    assert await log.insert_reports([received("R1", "NTR-1")]) == {"R1"}
    assert reports.sent == [["R1"]]


async def test_three_calls_on_one_report_send_it_once() -> None:
    log, reports = a_log()
    calls = [await started(log, "R1") for _ in range(3)]
    reports.release()
    assert [await c for c in calls] == [set(), {"R1"}, {"R1"}]
    assert reports.sent == [["R1"]]
