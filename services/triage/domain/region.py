"""The port through which the engine asks the gazetteer where a report happened.

The gazetteer (services/triage/domain/gazetteer.py) implements it; tests may
pass any object with the same shape.
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
