"""Build the gazetteer from its word lists (domain/data/gazetteer/) and the region list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from services.triage.adapters.data_files import read_yaml
from services.triage.adapters.region_list import read_region_list
from services.triage.domain.gazetteer.lexicon import Lexicon
from services.triage.domain.gazetteer.resolver import Gazetteer


def read_gazetteer(data_dir: Path) -> Gazetteer:
    """`data_dir` holds the gazetteer's folder (`gazetteer/`), as PACKAGED_DATA_DIR does."""
    return Gazetteer.build(read_region_list(), read_place_words(data_dir / "gazetteer"))


def read_place_words(folder: Path) -> Lexicon:
    return Lexicon.from_data(
        _mapping(folder / "lexicon.yaml"),
        common_words=_word_list(folder / "common_words.txt"),
        aliases=_aliases(folder / "aliases.yaml", folder / "capitals.yaml", folder / "units.yaml"),
    )


def _aliases(*paths: Path) -> dict[str, tuple[str, ...]]:
    """Region code -> other names, merged over the files in order."""
    merged: dict[str, tuple[str, ...]] = {}
    for path in paths:
        for code, names in _mapping(path).items():
            merged[str(code)] = merged.get(str(code), ()) + tuple(str(n) for n in names or ())
    return merged


def _mapping(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path} must hold a mapping")
    return data


def _word_list(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
