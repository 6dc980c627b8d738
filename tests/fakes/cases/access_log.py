"""The reporter access log in memory (`AccessLog`, `AccessLogReads`); `fail_with` makes
the next write fail."""

from __future__ import annotations

import copy

from services.cases.read_models.ports import AccessQuery
from services.cases.service_layer.ports import Document


def _in_office(region: object, office: str) -> bool:
    return isinstance(region, str) and (region == office or region.startswith(office + "."))


def _matches(entry: Document, query: AccessQuery) -> bool:
    at, entry_id = entry["at"], entry["_id"]
    checks = (
        query.office is None or _in_office(entry.get("region"), query.office),
        query.officer is None or query.officer in (entry.get("name"), entry.get("subject")),
        query.case_id is None or entry.get("case_id") == query.case_id,
        query.since is None or at >= query.since,
        query.until is None or at < query.until,
        query.before is None or (at, entry_id) < query.before,
    )
    return all(checks)


class InMemoryAccessLog:
    def __init__(self) -> None:
        self.entries: list[Document] = []
        self.fail_with: Exception | None = None

    async def record(self, entry: Document) -> None:
        if self.fail_with is not None:
            error, self.fail_with = self.fail_with, None
            raise error
        if any(e["_id"] == entry["_id"] for e in self.entries):
            raise ValueError(f"duplicate access log id {entry['_id']}")
        self.entries.append(copy.deepcopy(entry))

    async def entries_for(self, case_id: str) -> list[Document]:
        found = [e for e in self.entries if e["case_id"] == case_id]
        return copy.deepcopy(sorted(found, key=lambda e: e["at"]))

    async def access_entries(self, query: AccessQuery, limit: int) -> list[Document]:
        found = [e for e in self.entries if _matches(e, query)]
        found.sort(key=lambda e: (e["at"], e["_id"]), reverse=True)
        return copy.deepcopy(found[:limit])
