"""Shared fixtures: lexicons, an engine with a fake gazetteer at the edge, the real one."""

from __future__ import annotations

import pytest

from schemas.routing.files import PACKAGED_RULES_FILE
from services.triage.adapters.data_files import PACKAGED_DATA_DIR, read_lexicons
from services.triage.domain.engine import DEFAULT_THRESHOLD, TriageEngine
from services.triage.domain.text.lexicon import Lexicons
from services.triage.entrypoints.cli import packaged_engine
from tests.fakes.triage import engine_with


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    return read_lexicons(PACKAGED_DATA_DIR)


@pytest.fixture(scope="session")
def engine() -> TriageEngine:
    return engine_with()


@pytest.fixture(scope="session")
def real_engine() -> TriageEngine:
    """With the real gazetteer (about half a second to build), for the labelled sets."""
    return packaged_engine(PACKAGED_RULES_FILE, DEFAULT_THRESHOLD)
