"""Read triage's data files (YAML under domain/data/) and hand the domain parsed data.

The files ship inside the package beside the domain that they describe, but only this
module opens them. The routing rules are shared with cases and read by
schemas/routing/files.py (bootstrap passes `TRIAGE_RULES_FILE`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from services.triage.domain.errors import LexiconError
from services.triage.domain.text.lexicon import Lexicons, compile_lexicons

PACKAGED_DATA_DIR = Path(__file__).resolve().parents[1] / "domain" / "data"
# libyaml's loader when present: start-up reads a few hundred KB of word lists.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader, C or Python


def read_lexicons(data_dir: Path) -> Lexicons:
    """The category, subject and normalisation lexicons of `data_dir`, compiled."""
    return compile_lexicons(
        lexicon=_mapping(data_dir / "lexicon.yaml"),
        subjects=_mapping(data_dir / "subjects.yaml"),
        normalise=_mapping(data_dir / "normalise.yaml"),
    )


def _mapping(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: expected a mapping at the top level")
    return data
