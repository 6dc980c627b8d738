"""Evidence files in GridFS on the document store, content-addressed (`_id` = SHA-256).

The same port as `evidence_files.py` (intake writes, cases reads) for deployments where
the two services share no disk: one bucket, `evidence`, in the service database. Measured
on FerretDB 1.24 (docs/decisions.md, "Evidence files"): it works, but FerretDB stores each
255 KiB chunk as a document in SQLite/PostgreSQL, so the local file store stays the default.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from gridfs.asynchronous import AsyncGridFSBucket
from gridfs.errors import FileExists, NoFile
from pymongo.asynchronous.database import AsyncDatabase

from services.common.evidence_files import DamagedEvidence

BUCKET = "evidence"
# A concurrent writer of the same file gets this long to finish it (its files document).
COMPLETION_POLLS, COMPLETION_POLL_S = 50, 0.1


class GridFsEvidenceFiles:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self.bucket = AsyncGridFSBucket(db, bucket_name=BUCKET)
        self.files = db[f"{BUCKET}.files"]

    async def put(self, sha256: str, data: bytes) -> bool:
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("the data does not hash to the name given")
        if await self.files.find_one({"_id": sha256}, {"_id": 1}) is not None:
            return False
        try:
            await self.bucket.upload_from_stream_with_id(sha256, sha256, data)
        except FileExists as exc:
            # Another writer of the same content got there first; its file must be whole
            # (chunks and the files document), or this filing is refused and sent again.
            if await self._completed(sha256):
                return False
            raise OSError(f"evidence {sha256}: a concurrent upload did not complete") from exc
        return True

    async def _completed(self, sha256: str) -> bool:
        """Whether the file document appears while the other writer finishes its chunks."""
        for _ in range(COMPLETION_POLLS):
            if await self.files.find_one({"_id": sha256}, {"_id": 1}) is not None:
                return True
            await asyncio.sleep(COMPLETION_POLL_S)
        return False

    async def discard(self, sha256: str) -> None:
        try:
            await self.bucket.delete(sha256)
        except NoFile:
            return

    async def read(self, sha256: str) -> bytes | None:
        try:
            stream = await self.bucket.open_download_stream(sha256)
        except NoFile:
            return None
        data = await stream.read()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DamagedEvidence(f"evidence {sha256} no longer matches its hash")
        return data
