"""The deadline configuration (data/deadlines.yaml) as validated models.

Loading a file is the only I/O near the domain; the shell should call `load_deadline_rules`
once at start-up and pass the result in. `default_deadline_rules` exists for tests and tools.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from schemas.cases import CaseStatus, TrackKind
from services.cases.domain.errors import DeadlineConfigError
from services.cases.domain.vocabulary import DayUnit, ElectionType

DEFAULT_RULES_PATH = Path(__file__).parent / "data" / "deadlines.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DeadlineRule(_Frozen):
    amount: int = Field(ge=1)
    unit: DayUnit
    counted_from: tuple[str, ...] = ()
    extension: int | None = Field(default=None, ge=1)
    when_track: TrackKind | None = None
    basis: Annotated[str, StringConstraints(min_length=1)]
    uncertain: bool = False
    alternatives: tuple[int, ...] = ()
    note: str | None = None


class ElectionDeadlines(_Frozen):
    reporting_window: DeadlineRule
    statuses: dict[CaseStatus, DeadlineRule] = {}
    tracks: dict[TrackKind, DeadlineRule] = {}


class DeadlineRules(_Frozen):
    version: str
    cuti_bersama_is_day_off: bool = True
    warn_before_hours: int = Field(ge=0)
    election_types: dict[ElectionType, ElectionDeadlines]

    def for_election(self, election_type: ElectionType) -> ElectionDeadlines:
        return self.election_types[election_type]


def parse_deadline_rules(text: str) -> DeadlineRules:
    try:
        rules = DeadlineRules.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise DeadlineConfigError(f"invalid deadline configuration: {exc}") from exc
    missing = set(ElectionType) - set(rules.election_types)
    if missing:
        raise DeadlineConfigError(f"deadline configuration lacks {sorted(missing)}")
    return rules


def load_deadline_rules(path: Path = DEFAULT_RULES_PATH) -> DeadlineRules:
    return parse_deadline_rules(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def default_deadline_rules() -> DeadlineRules:
    return load_deadline_rules()
