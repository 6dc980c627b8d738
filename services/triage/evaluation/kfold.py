"""k-fold figures on the training corpus: the second opinion retrained without each fold.

Folds are fixed by position (report i is in fold i mod k), so the figures repeat exactly.
Only the model changes between folds; the rules, lexicons and gazetteer are the ones in
force, which were not fitted to the corpus (the corpus was written after them).
"""

from __future__ import annotations

from datetime import datetime

from schemas.triage import Category
from services.triage.adapters.training_corpus import train_second_opinion
from services.triage.domain.engine import TriageEngine
from services.triage.evaluation.labelled_set import LabelledReport, evaluate
from services.triage.evaluation.scoring import EvalReport

DEFAULT_FOLDS = 5


def kfold(
    engine: TriageEngine, corpus: list[LabelledReport], *, folds: int, received_at: datetime
) -> EvalReport:
    if folds < 2 or folds > len(corpus):
        raise ValueError(f"folds must be between 2 and the corpus size ({len(corpus)})")
    total = EvalReport()
    for fold in range(folds):
        train = [r for i, r in enumerate(corpus) if i % folds != fold]
        held_out = [r for i, r in enumerate(corpus) if i % folds == fold]
        opinion = train_second_opinion(
            [(r.content.text, Category(r.expected["category"])) for r in train],
            engine.lexicons.normaliser,
        )
        total.merge(
            evaluate(engine.with_second_opinion(opinion), held_out, received_at=received_at)
        )
    return total
