"""A learned second opinion on the category: multinomial naive Bayes over character n-grams.

Why this model: it trains in one counting pass (~0.2 s on the 760-report corpus, so it is
built at start-up and never stored), it is deterministic (no random initialisation, no
iteration order left to hash seeds: features are sorted before they are counted), and it
degrades gracefully on spellings no lexicon lists, because a dropped vowel or a dialect
suffix still shares most of its 3- and 4-grams with the standard word.

Features come from the engine's normalised tokens (slang already expanded): each word's
stem, and the 3- and 4-grams of each word padded with "_" at both ends, counted once per
report. Clause boundaries are not features.

The engine combines it with the rules (engine.py): rules decide where they are confident,
this model where they are not, and a confident disagreement asks for review.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from math import exp, log

from schemas.triage import Category
from services.triage.domain.text.normalise import BOUNDARIES, Token

NGRAM_SIZES = (4,)
MIN_COUNT = 2  # a feature seen once is noise, and one dict entry less per report
SMOOTHING = 0.1  # additive (Lidstone) smoothing of feature counts per class
# Naive Bayes sums hundreds of correlated n-gram scores and so is wildly overconfident;
# the posterior is a softmax of the per-feature mean score, sharpened by this factor
# (chosen so that the corpus's k-fold probabilities are roughly calibrated).
SHARPNESS = 10.0
CACHE_WORDS = 200_000
PRUNE = 0.5  # a word's class deviation below this is dropped (log-likelihood units)
CLASSES: tuple[Category, ...] = tuple(Category)


def word_features(text: str, stem: str) -> list[str]:
    """One word's features: its stem and the 4-grams of the word padded with "_"."""
    padded = "_" + text + "_"
    grams = [padded[i : i + size] for size in NGRAM_SIZES for i in range(len(padded) - size + 1)]
    return ["w:" + stem, *dict.fromkeys(grams)]


def features(tokens: Sequence[Token]) -> list[str]:
    """The report's features, word by word (a word used twice counts twice)."""
    return [f for t in tokens if t.text not in BOUNDARIES for f in word_features(t.text, t.stem)]


@dataclass(frozen=True)
class Opinion:
    category: Category  # the most probable category, OUT_OF_SCOPE included
    probability: float
    in_scope: Category  # the most probable category other than OUT_OF_SCOPE
    in_scope_probability: float
    out_of_scope_probability: float


@dataclass(frozen=True)
class SecondOpinion:
    """Naive Bayes, stored sparse: a feature's row lists only the classes it was seen in.

    A class's score is the sum over the report's known features of log(count + s), less
    what an unseen count would give (log s), plus `used * (log s - log denominator)`:
    exactly the multinomial naive Bayes log-likelihood, with one addition per class the
    feature occurred in instead of one per class.
    """

    weights: dict[str, list[tuple[int, float]]]
    unseen: list[float]  # log s - log(total count of the class + s * vocabulary)
    priors: list[float]
    # Per word text: its contribution to each class, less the word's mean over the classes
    # (a constant for every class changes no probability), keeping only the classes that
    # differ by PRUNE or more; and how many of its features are known. Words repeat across
    # reports, so most reports cost a dict lookup and a few additions per word. Bounded:
    # past the bound new words are scored each time (same result, a little slower).
    cache: dict[str, tuple[tuple[tuple[int, float], ...], int]] = field(
        default_factory=dict, compare=False
    )

    def word_score(self, text: str, stem: str) -> tuple[tuple[tuple[int, float], ...], int]:
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        n = len(CLASSES)
        scores = [0.0] * n
        used = 0
        for feature in word_features(text, stem):
            row = self.weights.get(feature)
            if row is None:
                continue
            used += 1
            for k, value in row:
                scores[k] += value
        full = [scores[k] + used * self.unseen[k] for k in range(n)]
        mean = sum(full) / n
        sparse = tuple((k, full[k] - mean) for k in range(n) if abs(full[k] - mean) >= PRUNE)
        found = (sparse, used)
        if len(self.cache) < CACHE_WORDS:
            self.cache[text] = found
        return found

    def opinion(self, tokens: Sequence[Token]) -> Opinion:
        n = len(CLASSES)
        scores = [0.0] * n
        used = 0
        for token in tokens:
            if token.text in BOUNDARIES:
                continue
            word, known = self.word_score(token.text, token.stem)
            used += known
            for k, value in word:
                scores[k] += value
        scale = SHARPNESS / used if used else 0.0
        logits = [scores[k] * scale + self.priors[k] for k in range(n)]
        top = max(logits)
        odds = [exp(v - top) for v in logits]
        total = sum(odds)
        probs = [v / total for v in odds]
        best = max(range(n), key=lambda k: probs[k])
        oos = CLASSES.index(Category.OUT_OF_SCOPE)
        in_scope = max((k for k in range(n) if k != oos), key=lambda k: probs[k])
        return Opinion(CLASSES[best], probs[best], CLASSES[in_scope], probs[in_scope], probs[oos])


def train(examples: Iterable[tuple[Sequence[Token], Category]]) -> SecondOpinion:
    """Count features per class (one pass), keep the features seen at least twice."""
    n = len(CLASSES)
    index = {c: k for k, c in enumerate(CLASSES)}
    counts: dict[str, list[int]] = {}
    totals = [0] * n
    docs = [0] * n
    for tokens, category in examples:
        k = index[category]
        docs[k] += 1
        for feature in features(tokens):
            row = counts.get(feature)
            if row is None:
                row = counts[feature] = [0] * n
            row[k] += 1
            totals[k] += 1
    vocabulary = len(counts)
    base = log(SMOOTHING)
    weights: dict[str, list[tuple[int, float]]] = {}
    for feature in sorted(counts):
        row = counts[feature]
        if sum(row) >= MIN_COUNT:
            weights[feature] = [(k, log(c + SMOOTHING) - base) for k, c in enumerate(row) if c]
    unseen = [base - log(totals[k] + SMOOTHING * vocabulary) for k in range(n)]
    priors = [log((docs[k] + 1) / (sum(docs) + n)) for k in range(n)]
    return SecondOpinion(weights=weights, unseen=unseen, priors=priors)
