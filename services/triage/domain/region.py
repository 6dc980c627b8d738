"""The port through which the engine asks the gazetteer where a report happened.

The gazetteer (domain/gazetteer/resolver.py) implements it; tests pass a fake that
answers the structured field (tests/fakes/triage.py).
"""

from __future__ import annotations

from typing import Protocol

from schemas.reports import ReportContent
from schemas.triage import Evidence


class RegionResult(Protocol):
    @property
    def code(self) -> str | None: ...
    @property
    def evidence(self) -> list[Evidence]: ...
    @property
    def confidence(self) -> float: ...
    @property
    def ambiguous(self) -> bool: ...


class RegionResolver(Protocol):
    def resolve(self, content: ReportContent) -> RegionResult: ...
