"""The reporter access log in memory (`AccessLog`); `fail_with` makes the next write fail."""

from __future__ import annotations

import copy

from services.cases.service_layer.ports import Document


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
