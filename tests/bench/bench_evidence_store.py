"""The evidence store's adapters timed side by side (docs/decisions.md, "Evidence files").

    PYTHONPATH=. .venv/bin/python tests/bench/bench_evidence_store.py [--files 20] [--mib 2]

Starts the test infrastructure (Kafka and the store, var/test-<pid>/), then puts and reads
back the same random files through the local content-addressed directory and through
GridFS on the document store; prints wall and CPU seconds of this process for each.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import tempfile
import time
from pathlib import Path

from services.common.evidence_files import LocalEvidenceFiles
from services.common.evidence_gridfs import GridFsEvidenceFiles
from services.common.mongo import database, make_client
from services.intake.service_layer.ports import EvidenceStore
from tests.infra import SessionInfra, running_test_infra


async def timed(store: EvidenceStore, name: str, blobs: list[bytes]) -> None:
    hashes = [hashlib.sha256(blob).hexdigest() for blob in blobs]
    wall, cpu = time.perf_counter(), time.process_time()
    for sha256, blob in zip(hashes, blobs, strict=True):
        assert await store.put(sha256, blob)
    put_wall, put_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    for sha256, blob in zip(hashes, blobs, strict=True):
        assert await store.read(sha256) == blob
    read_wall, read_cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{name}: put {put_wall:.2f}s wall {put_cpu:.2f}s cpu; "
        f"read {read_wall:.2f}s wall {read_cpu:.2f}s cpu"
    )


async def measure(infra: SessionInfra, blobs: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        await timed(LocalEvidenceFiles(Path(directory)), "local files", blobs)
    client = make_client(infra.mongodb_url, write_concern="auto")
    try:
        await timed(GridFsEvidenceFiles(database(client, "bench_evidence")), "gridfs", blobs)
        await client.drop_database("bench_evidence")
    finally:
        await client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--mib", type=int, default=2)
    args = parser.parse_args()
    blobs = [os.urandom(args.mib * 1024 * 1024) for _ in range(args.files)]
    print(f"{args.files} files of {args.mib} MiB")
    infra_running = running_test_infra()
    infra = next(infra_running)
    try:
        asyncio.run(measure(infra, blobs))
    finally:
        infra_running.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
