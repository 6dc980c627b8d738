"""`PartJournal` on local disk: one fsynced file per part, its content sealed.

A part holds the sender's number, so the file is the keyring's AES-GCM seal of the part
(the message id as associated data) and its name a hash of the message id: nothing on
disk reads as a phone number or can be moved to another part. A file that cannot be
opened (a torn write, a retired key) is set aside under `unreadable/`, never dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag

from schemas.gateway import InboundMedia
from services.common.crypto import Keyring, KeyringError, Sealed
from services.common.logging import get_logger
from services.intake.domain.inbound import Part

log = get_logger(__name__)
SET_ASIDE = "unreadable"


class FilePartJournal:
    def __init__(self, directory: Path, *, keyring: Keyring) -> None:
        self.directory = directory
        self.keyring = keyring
        directory.mkdir(parents=True, exist_ok=True)

    def keep(self, part: Part) -> None:
        plain = {
            "message_id": part.message_id,
            "channel": part.channel,
            "sender": part.sender,
            "text": part.text,
            "received_at": part.received_at.isoformat(),
            "media": [m.model_dump() for m in part.media],
        }
        sealed = self.keyring.seal(plain, context=part.message_id)
        record = {
            "message_id": part.message_id,
            "key_id": sealed.key_id,
            "nonce": sealed.nonce,
            "ciphertext": sealed.ciphertext,
        }
        path = self._path(part.message_id)
        temp = path.with_suffix(".tmp")
        with temp.open("w", encoding="utf-8") as handle:
            json.dump(record, handle)
            handle.flush()
            os.fsync(handle.fileno())
        temp.rename(path)
        _fsync_directory(self.directory)

    def drop(self, message_ids: list[str]) -> None:
        for message_id in message_ids:
            self._path(message_id).unlink(missing_ok=True)
        _fsync_directory(self.directory)

    def kept(self) -> list[Part]:
        parts = []
        for path in sorted(self.directory.glob("*.json")):
            try:
                parts.append(self._read(path))
            except (ValueError, KeyError, TypeError, KeyringError, InvalidTag) as exc:
                self._set_aside(path, why=type(exc).__name__)
        return parts

    def _read(self, path: Path) -> Part:
        record = json.loads(path.read_text(encoding="utf-8"))
        sealed = Sealed(
            key_id=record["key_id"], nonce=record["nonce"], ciphertext=record["ciphertext"]
        )
        plain = self.keyring.open(sealed, context=record["message_id"])
        return Part(
            message_id=plain["message_id"],
            channel=plain["channel"],
            sender=plain["sender"],
            text=plain["text"],
            received_at=datetime.fromisoformat(plain["received_at"]),
            media=tuple(InboundMedia.model_validate(m) for m in plain["media"]),
        )

    def _set_aside(self, path: Path, *, why: str) -> None:
        aside = self.directory / SET_ASIDE
        aside.mkdir(exist_ok=True)
        path.rename(aside / path.name)
        log.error("inbound_part_set_aside", file=path.name, why=why)

    def _path(self, message_id: str) -> Path:
        return self.directory / f"{hashlib.sha256(message_id.encode()).hexdigest()[:32]}.json"


def _fsync_directory(directory: Path) -> None:
    directory_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(directory_fd)
    finally:
        os.close(directory_fd)
