"""Evidence files in a local directory, content-addressed: `<root>/ab/cd/<sha256>`.

The default store `make run` uses (EVIDENCE_DIR, beside the spool in NETRA_DATA_DIR).
Intake writes (its `EvidenceStore` port), cases reads (its `EvidenceFiles` port): both
services point at the same directory. A file is written to `<root>/tmp`, fsynced, then
hard-linked into place: a reader never sees half a file, and of two writers of the same
content exactly one is told it stored it (`put` True), so a refused filing can only
remove what it added itself. Reads check the hash: a damaged file is an error, never
evidence.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import uuid
from pathlib import Path

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class DamagedEvidence(OSError):
    """The stored bytes no longer hash to their name."""


class LocalEvidenceFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        if not SHA256_HEX.match(sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    async def put(self, sha256: str, data: bytes) -> bool:
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("the data does not hash to the name given")
        return await asyncio.to_thread(self._put, sha256, data)

    def _put(self, sha256: str, data: bytes) -> bool:
        final = self.path_of(sha256)
        if final.exists():
            return False
        scratch = self.root / "tmp"
        scratch.mkdir(parents=True, exist_ok=True)
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = scratch / f"{sha256}.{uuid.uuid4().hex}"
        try:
            with temp.open("wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.link(temp, final)
        except FileExistsError:
            return False
        finally:
            temp.unlink(missing_ok=True)
        directory = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return True

    async def discard(self, sha256: str) -> None:
        await asyncio.to_thread(self.path_of(sha256).unlink, missing_ok=True)

    async def read(self, sha256: str) -> bytes | None:
        return await asyncio.to_thread(self._read, sha256)

    def _read(self, sha256: str) -> bytes | None:
        try:
            data = self.path_of(sha256).read_bytes()
        except FileNotFoundError:
            return None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DamagedEvidence(f"evidence {sha256} no longer matches its hash")
        return data
