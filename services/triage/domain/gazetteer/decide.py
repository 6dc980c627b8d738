"""Pick one region code from the structured field and the mentions found in the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from services.triage.domain.gazetteer.roles import Mention, Role

# Confidence by the role of the deciding mention; province-only answers and ties cost more.
_ROLE_CONFIDENCE = {
    Role.LOCATION: 0.92,
    Role.CONDUCT: 0.9,
    Role.NEUTRAL: 0.85,
    Role.AGENCY: 0.8,
    Role.REPORTER: 0.6,
}
PROVINCE_ONLY_FACTOR = 0.75
TIE_FACTOR = 0.6


@dataclass(frozen=True, slots=True)
class Decision:
    code: str | None
    support: tuple[Mention, ...]  # the mentions that agree with the code
    confidence: float
    ambiguous: bool


def decide_from_text(mentions: Sequence[Mention]) -> Decision:
    resolved, unresolved = _resolve_candidates(mentions)
    if not resolved:
        return Decision(None, (), 0.0, unresolved)
    province, province_tie = _best_group(resolved, key=lambda m: m.codes[0][:2])
    in_province = [m for m in resolved if m.codes[0][:2] == province]
    code, support, kab_tie = _refine(province, in_province)
    lead = max(support, key=_rank)
    confidence = _ROLE_CONFIDENCE[lead.role] * lead.strength
    if "." not in code:
        confidence *= PROVINCE_ONLY_FACTOR
    ambiguous = province_tie or kab_tie
    if ambiguous:
        confidence *= TIE_FACTOR
    return Decision(code, tuple(support), round(confidence, 3), ambiguous)


def refine_province(province: str, mentions: Sequence[Mention]) -> Decision | None:
    """A structured province code made precise by a kabupaten/kota the text names inside it."""
    inside = []
    for m in mentions:
        # The province settles names that also fit places elsewhere ("Kec. Tambaksari").
        codes = {c for c in m.codes if c[:2] == province}
        if len(codes) == 1 and "." in (code := codes.pop()):
            inside.append(_replace_codes(m, (code,)))
    if not inside:
        return None
    code, support, tie = _refine(province, inside)
    return Decision(code, tuple(support), 0.6 if tie else 0.9, tie)


def _resolve_candidates(mentions: Sequence[Mention]) -> tuple[list[Mention], bool]:
    """Settle names that fit places in several provinces using the report's other places."""
    certain = [m for m in mentions if len(m.codes) == 1]
    known = {m.codes[0] for m in certain} | {m.codes[0][:2] for m in certain}
    resolved = list(certain)
    unresolved = False
    for m in mentions:
        if len(m.codes) == 1:
            continue
        fits = tuple(c for c in m.codes if c in known or c[:2] in known)
        if len({c[:2] for c in fits}) == 1:
            narrowed = fits if len(fits) == 1 else (fits[0][:2],)
            resolved.append(_replace_codes(m, narrowed))
        else:
            unresolved = True
    return resolved, unresolved


def _refine(province: str, mentions: Sequence[Mention]) -> tuple[str, list[Mention], bool]:
    kabs = [m for m in mentions if "." in m.codes[0]]
    # The reporter's own address only refines when nothing else names a kabupaten/kota.
    trusted = [m for m in kabs if m.role != Role.REPORTER] or kabs
    if not trusted:
        return province, list(mentions), False
    code, tie = _best_group(trusted, key=lambda m: m.codes[0])
    support = [m for m in mentions if m.codes[0] == code or _backs_province(m, province)]
    return code, support, tie


def _backs_province(m: Mention, province: str) -> bool:
    return m.codes[0] == province and m.role != Role.REPORTER


def _best_group(mentions: Iterable[Mention], key: Callable[[Mention], str]) -> tuple[str, bool]:
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(key(m), []).append(m)
    if len(groups) == 1:  # the usual case: one place, nothing to rank or tie with
        return next(iter(groups)), False
    ranked = sorted(groups.items(), key=lambda kv: _group_rank(kv[1]), reverse=True)
    best = ranked[0]
    tie = len(ranked) > 1 and max(m.role for m in ranked[1][1]) == max(m.role for m in best[1])
    return best[0], tie


def _group_rank(group: Sequence[Mention]) -> tuple[int, float, int]:
    return (
        max(m.role for m in group),
        sum(m.strength for m in group),
        -min(m.order for m in group),
    )


def _rank(m: Mention) -> tuple[int, float]:
    return (m.role, m.strength)


def _replace_codes(m: Mention, codes: tuple[str, ...]) -> Mention:
    return replace(m, codes=codes)
