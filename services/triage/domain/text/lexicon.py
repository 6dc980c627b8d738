"""Compile the category and subject lexicons from their parsed data files (not code)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from schemas.triage import Category, SubjectType
from services.triage.domain.errors import LexiconError
from services.triage.domain.text.matcher import Pattern, TermIndex, TermKeys, term_keys, term_stems
from services.triage.domain.text.normalise import Normaliser

PATTERN_FIELDS = frozenset(
    {"id", "phrases", "groups", "gap", "any_order", "weight", "negatable", "scope", "not_after"}
)


@dataclass(frozen=True)
class CategoryRules:
    patterns: tuple[Pattern, ...]
    third_party_veto: bool


MAX_GROUPS = 16  # a (pattern, group) slot is the int rank * MAX_GROUPS + group index


@dataclass(frozen=True, slots=True)
class RankedPattern:
    category: Category
    pattern: Pattern
    third_party_veto: bool
    slots: frozenset[int]  # one per group: all must be touched before matching is tried


@dataclass(frozen=True)
class SubjectWords:
    """The subject lexicon's word lists, normalised once at load."""

    seniority: tuple[SubjectType, ...]
    generic: frozenset[str]
    not_person: frozenset[str]
    uncertain_after: frozenset[str]
    reporter_words: frozenset[str]
    reporter_links: frozenset[str]
    # Occupations that do not settle employment status by themselves ("guru", "dokter").
    occupations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicons:
    """Everything triage knows about the language, compiled once at start-up."""

    version: str
    normaliser: Normaliser
    index: TermIndex
    categories: Mapping[Category, CategoryRules]
    context: frozenset[TermKeys]
    third_party: frozenset[str]
    context_disclaimers: frozenset[str]
    subjects: SubjectWords
    subject_terms: Mapping[TermKeys, SubjectType]
    identity_unknown: Pattern
    # Every category pattern in evaluation order (category precedence, then file
    # order), and the positions there of the patterns each term appears in: a report
    # only evaluates the patterns its terms touch.
    ranked: tuple[RankedPattern, ...]
    ranks_by_term: Mapping[TermKeys, frozenset[int]]
    slots_by_term: Mapping[TermKeys, frozenset[int]]
    # Conduct right after these is not asserted: "seandainya ...", "apakah ASN boleh ...".
    unreal: frozenset[TermKeys] = frozenset()
    # A report whose point is one of these is a private matter ("pencemaran nama baik").
    out_of_scope_frames: tuple[TermKeys, ...] = ()
    # Government offices that stand for their civil servants when nobody is named.
    agency_terms: Mapping[TermKeys, SubjectType] = field(default_factory=dict)
    office_doubt: frozenset[TermKeys] = frozenset()
    # Pattern id -> the pattern ids whose reading it replaces when both match (yields.py).
    yields: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Words of a vote: election context only beside a named official (category.py).
    vote_context: frozenset[TermKeys] = frozenset()


def _raw_groups(raw: Mapping[str, Any]) -> list[list[str]]:
    if "phrases" in raw:
        return [[str(t) for t in raw["phrases"]]]
    return [[str(t) for t in group] for group in raw.get("groups", [])]


def _raw_terms(lexicon: Mapping[str, Any], subjects: Mapping[str, Any]) -> Iterator[str]:
    for body in lexicon.get("categories", {}).values():
        for raw in body.get("patterns", []):
            yield from (t for g in _raw_groups(raw) for t in g)
    yield from lexicon.get("election_context", [])
    yield from lexicon.get("vote_context", [])
    yield from lexicon.get("unreal_scope", [])
    yield from lexicon.get("out_of_scope_frames", [])
    for terms in subjects.get("types", {}).values():
        yield from terms
    for terms in subjects.get("offices", {}).values():
        yield from terms
    yield from (t for g in _raw_groups(subjects.get("identity_unknown", {})) for t in g)


def compile_pattern(normaliser: Normaliser, raw: Mapping[str, Any], where: str) -> Pattern:
    unknown = set(raw) - PATTERN_FIELDS
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {sorted(unknown)}")
    groups = _raw_groups(raw)
    if not groups or not all(groups):
        raise LexiconError(f"{where}: needs `phrases` or non-empty `groups`")
    compiled = tuple(frozenset(term_keys(normaliser, t) for t in g) for g in groups)
    return Pattern(
        id=str(raw.get("id", where)),
        groups=compiled,
        gap=int(raw.get("gap", 3)),
        any_order=bool(raw.get("any_order", False)),
        weight=float(raw.get("weight", 0.6)),
        negatable=bool(raw.get("negatable", True)),
        sentence_scope=raw.get("scope") == "sentence",
        not_after=frozenset(
            normaliser.stemmer.stem(w)[0]
            for t in raw.get("not_after", [])
            for w in normaliser.words(str(t))
        ),
    )


def _categories(normaliser: Normaliser, raw: Mapping[str, Any]) -> dict[Category, CategoryRules]:
    out: dict[Category, CategoryRules] = {}
    for code, body in raw.items():
        if code not in Category.__members__ or code == Category.OUT_OF_SCOPE:
            raise LexiconError(f"lexicon: unknown category code {code!r}")
        patterns = tuple(
            compile_pattern(normaliser, p, f"{code}[{i}]")
            for i, p in enumerate(body.get("patterns", []))
        )
        out[Category(code)] = CategoryRules(patterns, bool(body.get("third_party_veto", False)))
    return out


def _subject_terms(normaliser: Normaliser, raw: Mapping[str, Any]) -> dict[TermKeys, SubjectType]:
    out: dict[TermKeys, SubjectType] = {}
    for code, terms in raw.get("types", {}).items():
        if code not in SubjectType.__members__:
            raise LexiconError(f"subjects: unknown subject type {code!r}")
        out.update({term_keys(normaliser, t): SubjectType(code) for t in terms})
    return out


def _subject_words(normaliser: Normaliser, raw: Mapping[str, Any]) -> SubjectWords:
    def joined(key: str) -> frozenset[str]:
        return frozenset(" ".join(normaliser.words(str(p))) for p in raw.get(key, []))

    return SubjectWords(
        seniority=tuple(SubjectType(s) for s in raw.get("seniority", [])),
        generic=joined("generic"),
        not_person=joined("not_person_before"),
        uncertain_after=joined("uncertain_after"),
        reporter_words=joined("reporter_words"),
        reporter_links=joined("reporter_links"),
        occupations=joined("occupations"),
    )


def _ranked(categories: Mapping[Category, CategoryRules]) -> tuple[RankedPattern, ...]:
    # Enum order is the precedence: evidence and scores come out in it, whatever the
    # order of the data file.
    patterns = [
        (category, pattern, categories[category].third_party_veto)
        for category in Category
        if category in categories
        for pattern in categories[category].patterns
    ]
    too_many = [p.id for _, p, _ in patterns if len(p.groups) > MAX_GROUPS]
    if too_many:
        raise LexiconError(f"lexicon: more than {MAX_GROUPS} groups in {too_many}")
    return tuple(
        RankedPattern(c, p, veto, frozenset(rank * MAX_GROUPS + g for g in range(len(p.groups))))
        for rank, (c, p, veto) in enumerate(patterns)
    )


def _by_term(ranked: tuple[RankedPattern, ...], *, slots: bool) -> dict[TermKeys, frozenset[int]]:
    """Term -> the ranks of the patterns it appears in, or the (pattern, group) slots."""
    out: dict[TermKeys, set[int]] = {}
    for rank, entry in enumerate(ranked):
        for index, group in enumerate(entry.pattern.groups):
            for term in group:
                out.setdefault(term, set()).add(rank * MAX_GROUPS + index if slots else rank)
    return {term: frozenset(found) for term, found in out.items()}


def compile_lexicons(
    *, lexicon: Mapping[str, Any], subjects: Mapping[str, Any], normalise: Mapping[str, Any]
) -> Lexicons:
    """From the parsed lexicon.yaml, subjects.yaml and normalise.yaml."""
    extra_stems = term_stems(list(_raw_terms(lexicon, subjects)))
    normaliser = Normaliser.from_data(normalise, extra_stems=extra_stems)
    categories = _categories(normaliser, lexicon.get("categories", {}))
    ids = [p.id for rules in categories.values() for p in rules.patterns]
    if len(ids) != len(set(ids)):
        raise LexiconError(
            f"lexicon: duplicate pattern id(s) {sorted({i for i in ids if ids.count(i) > 1})}"
        )
    subject_terms = _subject_terms(normaliser, subjects)
    context = frozenset(term_keys(normaliser, t) for t in lexicon.get("election_context", []))
    votes = frozenset(term_keys(normaliser, str(t)) for t in lexicon.get("vote_context", []))
    identity = compile_pattern(normaliser, subjects["identity_unknown"], "identity_unknown")
    unreal = frozenset(term_keys(normaliser, t) for t in lexicon.get("unreal_scope", []))
    frames = tuple(term_keys(normaliser, t) for t in lexicon.get("out_of_scope_frames", []))
    offices = {k: v for k, v in subjects.get("offices", {}).items() if k != "doubt"}
    agencies = _subject_terms(normaliser, {"types": offices})
    office_doubt = frozenset(
        term_keys(normaliser, str(t)) for t in subjects.get("offices", {}).get("doubt", [])
    )
    terms: set[TermKeys] = set(context) | set(subject_terms) | set(unreal) | set(frames)
    terms |= votes
    terms |= set(agencies) | office_doubt
    for pattern in (identity, *(p for rules in categories.values() for p in rules.patterns)):
        terms.update(t for group in pattern.groups for t in group)
    ranked = _ranked(categories)
    yields = {str(k): frozenset(map(str, v)) for k, v in lexicon.get("yields", {}).items()}
    unknown = sorted({i for k, v in yields.items() for i in (k, *v)} - set(ids))
    if unknown:
        raise LexiconError(f"lexicon: `yields` names unknown pattern id(s) {unknown}")
    return Lexicons(
        version=str(lexicon.get("version", "0")),
        normaliser=normaliser,
        index=TermIndex(terms),
        categories=categories,
        context=context,
        third_party=frozenset(lexicon.get("third_party", [])),
        context_disclaimers=frozenset(lexicon.get("context_disclaimers", [])),
        subjects=_subject_words(normaliser, subjects),
        subject_terms=subject_terms,
        identity_unknown=identity,
        ranked=ranked,
        ranks_by_term=_by_term(ranked, slots=False),
        slots_by_term=_by_term(ranked, slots=True),
        unreal=unreal,
        out_of_scope_frames=frames,
        agency_terms=agencies,
        office_doubt=office_doubt,
        yields=yields,
        vote_context=votes,
    )
