"""The recipient directory as a versioned YAML file staff can edit, validated at start-up.

`{sink}` (or any other substitution bootstrap passes) in a target is filled at load time,
so the packaged file can point at the development webhook sink.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from services.notify.domain.recipients import RecipientDirectory, ResolvedUnit

PACKAGED_DIRECTORY = Path(__file__).parent / "data" / "directory.yaml"


class DirectoryError(ValueError):
    pass


def _substituted(value: Any, substitutions: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _substituted(v, substitutions) for k, v in value.items()}
    if isinstance(value, list):
        return [_substituted(v, substitutions) for v in value]
    if isinstance(value, str) and "{" in value and not value.count("{code}"):
        try:
            return value.format(**substitutions)
        except KeyError as exc:
            raise DirectoryError(f"unknown substitution {exc} in {value!r}") from None
    return value


class FileDirectory:
    def __init__(self, directory: RecipientDirectory) -> None:
        self.directory = directory

    @classmethod
    def parse(cls, text: str, *, substitutions: dict[str, str]) -> FileDirectory:
        try:
            document = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise DirectoryError(f"directory file is not YAML: {exc}") from None
        if not isinstance(document, dict) or document.get("version") != 2:
            raise DirectoryError("directory file must declare `version: 2` (docs/notifications.md)")
        try:
            parsed = RecipientDirectory.model_validate(_substituted(document, substitutions))
        except ValidationError as exc:
            raise DirectoryError(f"directory file is invalid: {exc}") from None
        return cls(parsed)

    @classmethod
    def load(cls, path: Path, *, substitutions: dict[str, str]) -> FileDirectory:
        return cls.parse(path.read_text(encoding="utf-8"), substitutions=substitutions)

    def unit_for(self, route: str) -> ResolvedUnit | None:
        return self.directory.unit_for(route)
