"""An intake app whose Kafka is unreachable: every accepted report must land in the spool."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = IntakeSettings(
        status_base_url="http://127.0.0.1:1",
        kafka_bootstrap_servers="127.0.0.1:1",  # nothing listens: Kafka is "down"
        spool_dir=tmp_path / "spool",
        pii_dev_key_file=tmp_path / "pii",
        publish_timeout_s=0.5,
        max_body_bytes=4096,
    )
    with TestClient(build_app(settings)) as test_client:
        yield test_client
