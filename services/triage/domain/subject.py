"""Subject type (DOMAIN.md 4.2): the most senior office held by the main actor.

The structured `reported_position` is the reporter's own statement about the
person, so it wins; otherwise the main actor is taken from the first sentence
of the text that names anyone, because reports lead with who did it and only
later mention the audience ("... mengumpulkan para lurah"). Inside that
sentence the most senior office wins. Quoted text (account names, slogans,
hearsay) names nobody, and the reporter describing themself is not the subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from schemas.reports import ReportContent
from schemas.triage import Evidence, SubjectType
from services.triage.domain.category import in_unreal_scope, unreal_ends
from services.triage.domain.evidence import shared_evidence
from services.triage.domain.text.lexicon import Lexicons
from services.triage.domain.text.matcher import Span, TermKeys, match_pattern, preceded_by
from services.triage.domain.text.normalise import SENTENCE_END, Token

_TEXT = attrgetter("text")

_STATUS_TYPES = frozenset({SubjectType.ASN, SubjectType.NON_ASN})
_OPENING_QUOTES = ("'", "‘", '"', "“")  # a `_QUOTED` match starts with one of these
# A quote of this many words or more is a caller's account, not a name or a slogan.
ACCOUNT_WORDS = 6
_QUOTED = re.compile(r"(?<!\w)['‘\"“][^'’\"”\n]{1,160}['’\"”](?!\w)")


@dataclass(frozen=True)
class Mention:
    type: SubjectType
    span: Span
    sentence: int
    phrase: str
    generic: bool
    occupation: bool = False  # "guru", "dokter": a status word elsewhere says more


@dataclass(frozen=True)
class SubjectResult:
    type: SubjectType
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    conflict: bool = False
    # Nobody named, but a government office acts ("Dinas Sosial menunda bantuan", "mobil
    # dinas Pemkot dipakai"): the office's phrase. The engine reads it as the office's
    # civil servants when the report is an election-neutrality matter.
    office: Mention | None = None


def strip_quotes(text: str) -> str:
    # Most reports quote nothing; the regex would still try every position.
    if not any(q in text for q in _OPENING_QUOTES):
        return text
    return _QUOTED.sub(" . ", text)


def _is_reporter(lex: Lexicons, tokens: Sequence[Token], start: int) -> bool:
    k = start - 1
    while k >= 0 and tokens[k].text in lex.subjects.reporter_links and start - k <= 2:
        k -= 1
    if k < 0 or tokens[k].text not in lex.subjects.reporter_words:
        return False
    return k == 0 or tokens[k - 1].is_boundary


def _uncertain(lex: Lexicons, tokens: Sequence[Token], end: int) -> bool:
    return " ".join(t.text for t in tokens[end : end + 2]) in lex.subjects.uncertain_after


def mentions(
    lex: Lexicons, tokens: Sequence[Token], found: dict[TermKeys, list[Span]]
) -> list[Mention]:
    """Subject titles in reading order: longest term wins, excluded contexts dropped."""
    by_start: dict[int, tuple[int, SubjectType]] = {}
    for term, spans in found.items():
        kind = lex.subject_terms.get(term)
        if kind is None:
            continue
        for start, end in spans:
            if end > by_start.get(start, (0, kind))[0]:
                by_start[start] = (end, kind)
    not_person, generic = lex.subjects.not_person, lex.subjects.generic
    out: list[Mention] = []
    covered = -1
    # A mention's sentence is the number of sentence ends before it: counted by
    # list.count over the token texts, C-level passes rather than a Python step per token.
    texts = list(map(_TEXT, tokens)) if by_start else []
    unreal = unreal_ends(lex, found)
    for start in sorted(by_start):
        end, kind = by_start[start]
        if start < covered:
            continue
        covered = end
        if (
            preceded_by(tokens, start, not_person, 1)
            or preceded_by(tokens, start, lex.normaliser.negators, 1)
            or _is_reporter(lex, tokens, start)
            or _uncertain(lex, tokens, end)
            or (unreal and in_unreal_scope(tokens, start, unreal))
        ):
            continue
        phrase = " ".join(texts[start:end])
        out.append(
            Mention(
                kind,
                (start, end),
                texts[:start].count(SENTENCE_END),
                phrase,
                phrase in generic,
                phrase in lex.subjects.occupations,
            )
        )
    return out


def most_senior(lex: Lexicons, found: Sequence[Mention]) -> Mention | None:
    order = lex.subjects.seniority
    ranked = sorted(found, key=lambda m: (order.index(m.type), m.span[0]))
    return ranked[0] if ranked else None


def main_actor(lex: Lexicons, found: Sequence[Mention]) -> Mention | None:
    if not found:
        return None
    first = found[0].sentence
    here = [m for m in found if m.sentence == first]
    offices = [m for m in here if not m.occupation]
    # A title outranks a bare status word beside it: "Pj Kades, yang sehari-hari PNS",
    # "Kades minta PNS di desanya ..." name a village head as the actor.
    titles = [m for m in offices if not m.generic and m.type != SubjectType.UNKNOWN]
    if titles or offices:
        return most_senior(lex, titles or offices)
    # Only a bare occupation ("seorang dokter di RSUD ..."): a status word anywhere
    # ("berstatus honorer", "ia PPPK") decides; otherwise the occupation's default.
    status = [m for m in found if not m.occupation and m.type in _STATUS_TYPES]
    return status[0] if status else most_senior(lex, here)


def identity_unknown(
    lex: Lexicons, tokens: Sequence[Token], found: dict[TermKeys, list[Span]]
) -> bool:
    return bool(match_pattern(lex.identity_unknown, found, tokens))


Scanned = tuple[list[Token], dict[TermKeys, list[Span]]]


def _scan(lex: Lexicons, text: str | None) -> Scanned:
    if not text:  # most reports leave reported_position and reported_agency empty
        return [], {}
    tokens = lex.normaliser.tokens(text)
    return tokens, lex.index.find(tokens)


def _actor_in(lex: Lexicons, scanned: Scanned) -> Mention | None:
    tokens, found = scanned
    in_text = mentions(lex, tokens, found)
    if identity_unknown(lex, tokens, found):
        in_text = [m for m in in_text if not (m.generic or m.occupation)]
    return main_actor(lex, in_text)


def _text_actor(lex: Lexicons, content: ReportContent, scanned: Scanned) -> Mention | None:
    unquoted = strip_quotes(content.text)
    if unquoted == content.text:
        return _actor_in(lex, scanned)
    # Quoted text names nobody (an account name, a slogan); but an operator's transcript
    # quotes the caller's whole account ("Kades kami bagi-bagi amplop ke ibu-ibu ..."), so
    # when nobody is named outside the quotes and a quote is that long, it is read too.
    outside = _actor_in(lex, _scan(lex, unquoted))
    if outside is not None or not _quotes_an_account(content.text):
        return outside
    return _actor_in(lex, scanned)


def _quotes_an_account(text: str) -> bool:
    return any(m.group(0).count(" ") >= ACCOUNT_WORDS - 1 for m in _QUOTED.finditer(text))


def _office_named(lex: Lexicons, scanned: Scanned) -> Mention | None:
    """The first government office named ("dinas sosial", "pemkot", "balai desa"), unless
    the report says it does not know who acted."""
    tokens, found = scanned
    spans = sorted(
        (s, kind) for term, kind in lex.agency_terms.items() for s in found.get(term, ())
    )
    if not spans or identity_unknown(lex, tokens, found):
        return None
    if any(term in found for term in lex.office_doubt):
        return None
    (start, end), kind = spans[0]
    phrase = " ".join(t.text for t in tokens[start:end])
    return Mention(kind, (start, end), 0, phrase, generic=False)


def office_staff(result: SubjectResult) -> SubjectResult:
    """In an election-neutrality report that names nobody, an acting government office
    ("Dinas Sosial Kota X menunda bantuan": ASN; "dana desa dipakai": VILLAGE) stands for
    its staff, with less confidence than a named person. Outside that scope ("dinas PU
    tidak memperbaiki jalan") the office is only whom a complaint is about: unknown."""
    office = result.office
    if result.type != SubjectType.UNKNOWN or office is None:
        return result
    evidence = [shared_evidence("subject_type", office.type.value, office.phrase, "text")]
    return SubjectResult(office.type, 0.6, evidence)


def _states_status(actor: Mention | None) -> bool:
    return actor is not None and actor.type in _STATUS_TYPES and not actor.occupation


def detect_subject(
    lex: Lexicons, content: ReportContent, *, scanned: Scanned | None = None
) -> SubjectResult:
    """`scanned` is the report text already tokenised, reused when it has no quotes."""
    position = main_actor(lex, mentions(lex, *_scan(lex, content.reported_position)))
    scanned = scanned or _scan(lex, content.text)
    text = _text_actor(lex, content, scanned)
    if position is not None and position.occupation and _states_status(text):
        # A bare occupation in the field ("Guru", "Anggota Satpol PP") leaves the status
        # open; the text saying "tenaga honorer" or "sudah PPPK" settles it.
        position = None
    agency = None
    if position is None and text is None:
        agency = main_actor(lex, mentions(lex, *_scan(lex, content.reported_agency)))
    chosen, source = next(
        (
            (m, s)
            for m, s in (
                (position, "reported_position"),
                (text, "text"),
                (agency, "reported_agency"),
            )
            if m
        ),
        (None, ""),
    )
    if chosen is None:
        return SubjectResult(SubjectType.UNKNOWN, 0.5, office=_office_named(lex, scanned))
    conflict = position is not None and text is not None and position.type != text.type
    evidence = [shared_evidence("subject_type", chosen.type.value, chosen.phrase, source)]
    confidence = 0.95 if source == "reported_position" else 0.85 if not chosen.generic else 0.8
    return SubjectResult(chosen.type, confidence * (0.7 if conflict else 1.0), evidence, conflict)
