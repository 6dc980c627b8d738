"""Triage at its edges: a gazetteer that answers the structured field, nothing else.

The real gazetteer indexes 91,599 regions (about half a second to build); tests of the
classifier, the rules, the CLI and the use case do not need it. `engine_with` builds
the real engine over the packaged lexicons and rules around this fake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from schemas.reports import ReportContent
from schemas.routing.files import PACKAGED_RULES_FILE, read_rules
from schemas.triage import Evidence
from services.triage.adapters.data_files import PACKAGED_DATA_DIR, read_lexicons
from services.triage.adapters.training_corpus import read_second_opinion
from services.triage.domain.engine import DEFAULT_THRESHOLD, EngineSettings, TriageEngine


@dataclass(frozen=True)
class FakeRegion:
    code: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.9
    ambiguous: bool = False


class FakeGazetteer:
    """Answers the region given in the report's structured field, nothing else."""

    def resolve(self, content: ReportContent) -> FakeRegion:
        return FakeRegion(content.region_code)


def engine_with(
    *, rules: Path = PACKAGED_RULES_FILE, threshold: float = DEFAULT_THRESHOLD
) -> TriageEngine:
    lexicons = read_lexicons(PACKAGED_DATA_DIR)
    return TriageEngine(
        lexicons=lexicons,
        rules=read_rules(rules),
        resolver=FakeGazetteer(),
        second_opinion=read_second_opinion(PACKAGED_DATA_DIR, lexicons.normaliser),
        settings=EngineSettings(threshold=threshold),
    )
