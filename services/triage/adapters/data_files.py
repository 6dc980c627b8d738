"""Read triage's data files (YAML under domain/data/) and hand the domain parsed data.

The files ship inside the package beside the domain that they describe, but only this
module opens them. The routing rules file is configuration: bootstrap passes the
configured path (`TRIAGE_RULES_FILE`, by default `PACKAGED_RULES_FILE`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from services.triage.domain.errors import LexiconError, RulesError
from services.triage.domain.rules.parsing import parse_rules
from services.triage.domain.rules.routing import RuleSet
from services.triage.domain.text.lexicon import Lexicons, compile_lexicons

PACKAGED_DATA_DIR = Path(__file__).resolve().parents[1] / "domain" / "data"
PACKAGED_RULES_FILE = PACKAGED_DATA_DIR / "routing_rules.yaml"
# libyaml's loader when present: start-up reads a few hundred KB of word lists.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader, C or Python


def read_rules(path: Path) -> RuleSet:
    """Read and validate a routing rules file; every problem is a `RulesError`."""
    try:
        data = read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read rules file: {exc}") from exc
    return parse_rules(data, str(path))


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
