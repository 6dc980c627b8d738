"""`Checkpoints` in a JSON file, replaced atomically and durably (temp, fsync, rename,
fsync the directory): a SIGKILL leaves the old checkpoint or the new one, never half."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from services.intake.service_layer.import_ports import Checkpoint


class FileCheckpoints:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def load(self) -> Checkpoint | None:
        try:
            return Checkpoint(**json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None

    def save(self, checkpoint: Checkpoint) -> None:
        temp = self.path.with_name(f".{self.path.name}.tmp")
        with temp.open("w", encoding="utf-8") as handle:
            json.dump(asdict(checkpoint), handle)
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(self.path)
        fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
