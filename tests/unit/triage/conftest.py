"""Shared fixtures: lexicons and an engine with a fake gazetteer at the edge."""

from __future__ import annotations

import pytest

from services.triage.domain.engine import TriageEngine
from services.triage.domain.lexicon import Lexicons, load_lexicons
from tests.unit.triage.triage_support import FakeGazetteer


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    return load_lexicons()


@pytest.fixture(scope="session")
def engine() -> TriageEngine:
    return TriageEngine.load(resolver=FakeGazetteer())
