"""Contract of `EvidenceStore` (intake writes; cases reads the same adapters as its
`EvidenceFiles`): the fake, the local content-addressed directory, and GridFS on the
session's real document store behave alike."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.common.evidence_files import DamagedEvidence, LocalEvidenceFiles
from services.common.evidence_gridfs import GridFsEvidenceFiles
from services.intake.service_layer.ports import EvidenceStore
from tests.contracts.conftest import scratch_database
from tests.evidence_samples import PDF_BYTES
from tests.fakes.intake import FakeEvidenceStore
from tests.infra import SessionInfra

SHA = hashlib.sha256(PDF_BYTES).hexdigest()
# Larger than one GridFS chunk (255 KiB), so a file in several chunks reads back whole.
LARGE = bytes(range(256)) * 4096
LARGE_SHA = hashlib.sha256(LARGE).hexdigest()


@pytest.fixture(params=["fake", "local", "gridfs"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[EvidenceStore]:
    if request.param == "fake":
        yield FakeEvidenceStore()
    elif request.param == "local":
        yield LocalEvidenceFiles(tmp_path / "evidence")
    else:
        infra: SessionInfra = request.getfixturevalue("infra")
        async with scratch_database(infra) as db:
            yield GridFsEvidenceFiles(db)


async def test_a_file_reads_back_byte_for_byte(store: EvidenceStore) -> None:
    assert await store.put(SHA, PDF_BYTES) is True
    assert await store.read(SHA) == PDF_BYTES
    assert await store.put(LARGE_SHA, LARGE) is True
    assert await store.read(LARGE_SHA) == LARGE


async def test_the_same_content_twice_is_stored_once(store: EvidenceStore) -> None:
    assert await store.put(SHA, PDF_BYTES) is True
    assert await store.put(SHA, PDF_BYTES) is False
    await store.discard(SHA)
    assert await store.read(SHA) is None


async def test_two_writers_of_one_content_exactly_one_stores_it(store: EvidenceStore) -> None:
    results = await asyncio.gather(*(store.put(LARGE_SHA, LARGE) for _ in range(4)))
    assert sorted(results) == [False, False, False, True]
    assert await store.read(LARGE_SHA) == LARGE


async def test_an_unknown_hash_is_none_and_discarding_it_is_harmless(store: EvidenceStore) -> None:
    assert await store.read("b" * 64) is None
    await store.discard("b" * 64)


async def test_bytes_that_do_not_hash_to_the_name_are_refused(store: EvidenceStore) -> None:
    with pytest.raises(ValueError, match="hash"):
        await store.put("c" * 64, PDF_BYTES)
    assert await store.read("c" * 64) is None


async def test_a_damaged_local_file_is_an_error_never_evidence(tmp_path: Path) -> None:
    local = LocalEvidenceFiles(tmp_path)
    await local.put(SHA, PDF_BYTES)
    local.path_of(SHA).write_bytes(b"%PDF-1.4 tampered")
    with pytest.raises(DamagedEvidence):
        await local.read(SHA)


async def test_a_name_that_is_not_a_hash_never_reaches_the_disk(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        await LocalEvidenceFiles(tmp_path).read("../../etc/passwd")
