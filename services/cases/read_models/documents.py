"""A stored case document read back as the domain's `CaseState` (storage fields dropped)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.cases.domain.model import CaseState

CASE_FIELDS = frozenset(CaseState.model_fields)


def state_of(document: Mapping[str, Any]) -> CaseState:
    return CaseState.model_validate({k: document[k] for k in CASE_FIELDS if k in document})
