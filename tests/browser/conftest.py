"""Browser fixtures: the workspace server, a seeded case, and Debian's headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.browser.seed import seed_case
from tests.browser.workspace_server import Workspace, running_portal, running_workspace
from tests.infra import SessionInfra

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
# A fresh stack (Kafka just elected, relay busy) can be slow on the first requests.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def workspace(infra: SessionInfra) -> Iterator[Workspace]:
    """One cases process for every browser module (each start costs ~10-30 s)."""
    with running_workspace(infra) as running:
        yield running


@pytest.fixture(scope="module")
def case_id(infra: SessionInfra, workspace: Workspace) -> str:
    """The case the tests work on, plus two more so the charts have something to compare."""
    for category in ("MONEY_POLITICS", "MOBILIZATION"):
        seed_case(infra, category)
    return seed_case(infra)


@pytest.fixture(scope="module")
def portal(infra: SessionInfra) -> Iterator[str]:
    """The citizen portal (intake) on the session's Kafka; its evidence directory is the
    one the workspace's cases reads (EVIDENCE_DIR in the session environment)."""
    with running_portal(infra) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `sudo make browser` (apt-get install chromium)",
            pytrace=False,
        )
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
