"""Read the training corpus (domain/data/training/*.jsonl) and train the second opinion.

The corpus is written for the purpose: corpus.jsonl is composed from hand-written fragments
(deploy/triage_corpus/generate.py), written.jsonl holds reports written whole
(deploy/triage_corpus/written.py); evaluation files are never read here. Training is one
counting pass, so the model is built at start-up and never stored: nothing to go stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from schemas.triage import Category
from services.triage.domain.errors import LexiconError
from services.triage.domain.second_opinion import SecondOpinion, train
from services.triage.domain.text.normalise import Normaliser

TRAINING_FILES = ("training/corpus.jsonl", "training/written.jsonl")


def read_training_texts(path: Path) -> list[tuple[str, Category]]:
    """(text, category) per line; a line without both is an error naming its number."""
    out: list[tuple[str, Category]] = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out.append((str(row["report"]["text"]), Category(row["expected"]["category"])))
            except (ValueError, KeyError, TypeError) as exc:
                raise LexiconError(
                    f"{path.name} line {number}: not a labelled report: {exc}"
                ) from exc
    return out


def train_second_opinion(
    examples: list[tuple[str, Category]], normaliser: Normaliser
) -> SecondOpinion:
    return train((normaliser.tokens(text), category) for text, category in examples)


def training_paths(data_dir: Path) -> list[Path]:
    return [data_dir / name for name in TRAINING_FILES]


def read_training_corpus(data_dir: Path) -> list[tuple[str, Category]]:
    return [row for path in training_paths(data_dir) for row in read_training_texts(path)]


def read_second_opinion(data_dir: Path, normaliser: Normaliser) -> SecondOpinion:
    return train_second_opinion(read_training_corpus(data_dir), normaliser)
