"""The hot path's inserts in memory (`FilingLog`, `OpenCases`), into an `InMemoryCaseStore`.

As on FerretDB: each insert writes what is new and returns the ids already there; a
report is written once per id; open cases come back per partition with their links
counted. `fail_next` makes the next insert of a collection raise (a store that went away).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

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
from tests.fakes.cases.store import InMemoryCaseStore


class InMemoryFilingLog:
    def __init__(self, store: InMemoryCaseStore) -> None:
        self.store = store
        self.fail_next: dict[str, Exception] = {}  # collection name -> error
        self.reads = 0  # filings read back (only a redelivery should)
        self.scans = 0  # open cases read from the cases (only a state with no snapshot)

    def _insert(self, name: str, into: dict[str, Document], documents: list[Document]) -> set[str]:
        if name in self.fail_next:
            raise self.fail_next.pop(name)
        already = set()
        for document in documents:
            if document["_id"] in into:
                already.add(str(document["_id"]))
            else:
                into[document["_id"]] = copy.deepcopy(document)
        return already

    async def insert_reports(self, reports: Sequence[ReportReceived]) -> set[str]:
        """A tracking code is unique too (a unique index on FerretDB)."""
        if "reports" in self.fail_next:
            raise self.fail_next.pop("reports")
        stored, already = self.store.reports, set()
        for document in (report_document(r) for r in reports):
            codes = {r["tracking_code"] for r in stored.values()}
            if document["_id"] in stored or document["tracking_code"] in codes:
                already.add(document["_id"])
            else:
                stored[document["_id"]] = document
        return already

    async def insert_filings(self, filings: Sequence[Filing]) -> set[str]:
        return self._insert(
            "report_filings", self.store.filings, [filing_document(f) for f in filings]
        )

    async def insert_cases(self, cases: Sequence[NewCase]) -> set[str]:
        return self._insert("cases", self.store.cases, [new_case_document(c) for c in cases])

    async def insert_links(self, links: Sequence[CaseLink]) -> set[str]:
        return self._insert("case_links", self.store.links, [link_document(x) for x in links])

    async def insert_overflows(self, overflows: Sequence[CaseOverflow]) -> set[str]:
        documents = [overflow_document(o) for o in overflows]
        return self._insert("case_overflows", self.store.overflows, documents)

    async def insert_deliveries(self, deliveries: Sequence[Delivery]) -> set[str]:
        documents = [delivery_document(d) for d in deliveries]
        return self._insert("case_notifications", self.store.deliveries, documents)

    async def filed_on(self, report_ids: Sequence[str]) -> dict[str, Filed]:
        self.reads += 1
        found = (self.store.filings.get(r) for r in report_ids)
        return {f["_id"]: Filed(f["case_id"], str(f.get("event_id", ""))) for f in found if f}

    async def refile(self, filing: Filing) -> None:
        self.store.filings[filing.report_id] = filing_document(filing)

    async def open_cases(self, partitions: frozenset[int]) -> dict[int, list[OpenCase]]:
        self.scans += 1
        found: dict[int, list[OpenCase]] = {p: [] for p in sorted(partitions)}
        for d in self.store.cases.values():
            if d["closed"] or d.get("triage_partition") not in partitions:
                continue
            links = [x for x in self.store.links.values() if x["case_id"] == d["_id"]]
            case = OpenCase(d["_id"], d["dedup_key"], report_count(d, links))
            found[d["triage_partition"]].append(case)
        return found
