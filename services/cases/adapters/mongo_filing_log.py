"""The hot path's collections on the Mongo wire (FerretDB): inserts only, many at a time.

On FerretDB 1.x every read and update is a scan of the collection while an insert stays
flat (its unique `_id` check is indexed): so per report this adapter only inserts, with
`insert_many(ordered=False)`, and a duplicate `_id` means "written by an earlier delivery".
Implements `FilingLog` and `OpenCases` (service_layer/ports.py).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from schemas.reports import ReportReceived
from services.cases.adapters.case_assembly import report_count
from services.cases.adapters.case_documents import (
    delivery_document,
    filing_document,
    link_document,
    new_case_document,
    overflow_document,
    report_document,
)
from services.cases.adapters.mongo_case_store import (
    CASES,
    DELIVERIES,
    FILINGS,
    LINKS,
    OVERFLOWS,
    REPORTS,
)
from services.cases.service_layer.ports import (
    CaseLink,
    CaseOverflow,
    Delivery,
    Document,
    Filed,
    Filing,
    NewCase,
    OpenCase,
)
from services.common.mongo import insert_new

# Report ids this process inserted or saw refused as duplicates (either way inserting
# them again changes nothing), newest last. Both consumers insert
# each report (report.received first as a rule, report.triaged after); a batch holding
# even one duplicate sends FerretDB 1.x down a per-document path costing 3-6x a clean
# batch (docs/decisions.md, "Throughput, measured"), so the second insert is skipped
# when this process already knows the report is stored. Reports are never deleted.
WRITTEN_REPORTS_MEMORY = 50_000


async def existing_ids(
    collection: AsyncCollection[Document], documents: list[Document]
) -> set[str]:
    """Insert every document; the `_id`s that were already there come back."""
    return {str(documents[i]["_id"]) for i in await insert_new(collection, documents)}


class MongoFilingLog:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.reports = db[REPORTS]
        self.filings = db[FILINGS]
        self.cases = db[CASES]
        self.links = db[LINKS]
        self.deliveries = db[DELIVERIES]
        self.overflows = db[OVERFLOWS]
        self.written_reports: OrderedDict[str, None] = OrderedDict()
        self.in_flight: dict[str, asyncio.Future[None]] = {}  # report id -> its insert

    async def insert_reports(self, reports: Sequence[ReportReceived]) -> set[str]:
        """Reports another call of this process is inserting right now are not sent again:
        this call waits for that outcome (a duplicate would cost FerretDB its slow path)."""
        unique = _unique(reports)
        known = {r.report_id for r in unique if r.report_id in self.written_reports}
        waited = {r.report_id for r in unique if r.report_id in self.in_flight}
        others = {self.in_flight[i] for i in waited}
        fresh = [r for r in unique if r.report_id not in known | waited]
        already = await self._insert_fresh(fresh) if fresh else set()
        if others:
            await asyncio.wait(others)
            landed = {i for i in waited if i in self.written_reports}
            retry = [r for r in unique if r.report_id in waited - landed]  # the other failed
            already |= landed | (await self.insert_reports(retry) if retry else set())
        return already | known

    async def _insert_fresh(self, fresh: list[ReportReceived]) -> set[str]:
        ids = [r.report_id for r in fresh]
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.in_flight.update(dict.fromkeys(ids, done))
        try:
            already = await existing_ids(self.reports, [report_document(r) for r in fresh])
            self._written(ids)
            return already
        finally:
            for report_id in ids:
                if self.in_flight.get(report_id) is done:
                    del self.in_flight[report_id]
            done.set_result(None)

    def _written(self, report_ids: Iterable[str]) -> None:
        for report_id in report_ids:
            self.written_reports[report_id] = None
            self.written_reports.move_to_end(report_id)
        while len(self.written_reports) > WRITTEN_REPORTS_MEMORY:
            self.written_reports.popitem(last=False)

    async def insert_filings(self, filings: Sequence[Filing]) -> set[str]:
        return await existing_ids(self.filings, [filing_document(f) for f in filings])

    async def insert_cases(self, cases: Sequence[NewCase]) -> set[str]:
        return await existing_ids(self.cases, [new_case_document(c) for c in cases])

    async def insert_links(self, links: Sequence[CaseLink]) -> set[str]:
        return await existing_ids(self.links, [link_document(link) for link in links])

    async def insert_overflows(self, overflows: Sequence[CaseOverflow]) -> set[str]:
        return await existing_ids(self.overflows, [overflow_document(o) for o in overflows])

    async def insert_deliveries(self, deliveries: Sequence[Delivery]) -> set[str]:
        return await existing_ids(self.deliveries, [delivery_document(d) for d in deliveries])

    async def filed_on(self, report_ids: Sequence[str]) -> dict[str, Filed]:
        fields = {"case_id": 1, "event_id": 1}
        cursor = self.filings.find({"_id": {"$in": list(report_ids)}}, fields)
        return {
            str(d["_id"]): Filed(str(d["case_id"]), str(d.get("event_id", "")))
            async for d in cursor
        }

    async def refile(self, filing: Filing) -> None:
        await self.filings.replace_one({"_id": filing.report_id}, filing_document(filing))

    async def open_cases(self, partitions: frozenset[int]) -> dict[int, list[OpenCase]]:
        """One scan of open cases and one of links: per assignment, never per report."""
        wanted = sorted(partitions)
        query = {"closed": False, "triage_partition": {"$in": wanted}}
        fields = {"dedup_key": 1, "triage_partition": 1, "reports": 1, "folded_links": 1}
        found = [d async for d in self.cases.find(query, fields)]
        links: dict[str, list[Document]] = {d["_id"]: [] for d in found}
        projection = {"case_id": 1, "anonymous": 1, "linked_at": 1}
        async for link in self.links.find({"triage_partition": {"$in": wanted}}, projection):
            if link["case_id"] in links:
                links[link["case_id"]].append(link)
        by_partition: dict[int, list[OpenCase]] = {p: [] for p in wanted}
        for d in found:
            case = OpenCase(d["_id"], d["dedup_key"], report_count(d, links[d["_id"]]))
            by_partition[int(d["triage_partition"])].append(case)
        return by_partition


def _unique(reports: Sequence[ReportReceived]) -> list[ReportReceived]:
    """One document per report id: a batch may carry one report twice (a redelivery)."""
    return list({r.report_id: r for r in reports}.values())
