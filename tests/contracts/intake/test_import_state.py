"""Contract of `Checkpoints` and `RejectsLog`: the in-memory fakes and the files behave
alike (the files need no infrastructure: both parameters run in every contracts session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.intake.adapters.import_checkpoint import FileCheckpoints
from services.intake.adapters.rejects_file import CsvRejectsFile
from services.intake.domain.export_mapping import Reject
from services.intake.service_layer.import_ports import Checkpoint, Checkpoints, RejectsLog
from tests.fakes.importing import MemoryCheckpoints, MemoryRejects


@pytest.fixture(params=["fake", "real"])
def checkpoints(request: pytest.FixtureRequest, tmp_path: Path) -> Checkpoints:
    return MemoryCheckpoints() if request.param == "fake" else FileCheckpoints(tmp_path / "c.json")


@pytest.fixture(params=["fake", "real"])
def rejects(request: pytest.FixtureRequest, tmp_path: Path) -> RejectsLog:
    return MemoryRejects() if request.param == "fake" else CsvRejectsFile(tmp_path / "r.csv")


def test_a_checkpoint_reads_back_as_the_last_one_saved(checkpoints: Checkpoints) -> None:
    assert checkpoints.load() is None
    checkpoints.save(Checkpoint(position=10, rejects_bytes=40, filed=9, rejected=1))
    last = Checkpoint(position=20, rejects_bytes=80, filed=18, rejected=2, cursor="c-20")
    checkpoints.save(last)
    assert checkpoints.load() == last


def test_the_rejects_log_truncates_back_to_a_size_it_reported(rejects: RejectsLog) -> None:
    rejects.write([Reject(2, "A-1", "text", "too short")])
    kept = rejects.size()
    rejects.write([Reject(5, "A-4", "tanggal_kejadian", 'not a date, "31/02"')])
    assert rejects.size() > kept
    rejects.truncate(kept)
    assert rejects.size() == kept
    rejects.write([])
    assert rejects.size() == kept


def test_the_rejects_file_is_csv_with_a_header(tmp_path: Path) -> None:
    log = CsvRejectsFile(tmp_path / "r.csv")
    log.write([Reject("c1#2", None, "row", 'malformed, "quoted"')])
    assert (tmp_path / "r.csv").read_text().splitlines() == [
        "line,source_id,field,reason",
        'c1#2,,row,"malformed, ""quoted"""',
    ]
    assert CsvRejectsFile(tmp_path / "r.csv").size() == log.size()  # reopened: kept
