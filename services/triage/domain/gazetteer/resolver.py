"""Where a report's conduct happened, as a Kemendagri region code (DOMAIN.md 4.3).

Order of preference: the structured `region_code` (a province code is refined by a
kabupaten/kota the text names inside it), then places in location_text and the text,
with the place of the conduct beating the reporter's address, then the government the
subject works for. Build once with `Gazetteer.build(regions, lexicon)` from the parsed
region list and word lists (adapters/gazetteer_files.py reads them); `resolve` is pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.reports import ReportContent
from schemas.triage import Evidence
from services.triage.domain.evidence import shared_evidence
from services.triage.domain.gazetteer.decide import Decision, decide_from_text, refine_province
from services.triage.domain.gazetteer.index import RegionIndex, RegionList
from services.triage.domain.gazetteer.lexicon import Lexicon
from services.triage.domain.gazetteer.roles import FieldScan, Mention, Role
from services.triage.domain.gazetteer.scan import Scanner

__all__ = ["Gazetteer", "RegionMatch"]

FIELD = "region_code"
STRUCTURED_CONFIDENCE = 0.98
STRUCTURED_PROVINCE_CONFIDENCE = 0.85
STRUCTURED_CONFLICT_CONFIDENCE = 0.85  # the text names another place
_TEXT = FieldScan("text")
_LOCATION = FieldScan("location_text", place_field=True)
_AGENCY = FieldScan("reported_agency", agency_field=True)


@dataclass(frozen=True)
class RegionMatch:
    code: str | None  # kabupaten/kota "18.12", province "35", or None
    evidence: list[Evidence]
    confidence: float  # 0..1
    # A name fitting several provinces, or conflicting places. A bare name fitting a
    # kabupaten and a kota of one province ("Malang") gets that province's code and is
    # not ambiguous: DOMAIN.md 4.3 defines that answer.
    ambiguous: bool


# location_text and reported_agency repeat across reports ("Kab. Garut", "Dinas
# Pendidikan Kota Bogor"); their mentions are remembered up to this many strings.
FIELD_CACHE_SIZE = 4096


class Gazetteer:
    def __init__(self, index: RegionIndex, lexicon: Lexicon) -> None:
        self._index = index
        self._scanner = Scanner(index, lexicon)
        self._field_cache: dict[tuple[str, str], tuple[Mention, ...]] = {}

    @classmethod
    def build(cls, regions: RegionList, lexicon: Lexicon) -> Gazetteer:
        return cls(RegionIndex.build(regions, lexicon), lexicon)

    def resolve(self, content: ReportContent) -> RegionMatch:
        mentions = self._mentions(content)
        structured = self._structured(content.region_code)
        if structured is None:
            return _to_match(decide_from_text(mentions))
        given = Evidence(
            field=FIELD, label=structured, phrase=content.region_code or "", source="region_code"
        )
        if "." in structured:
            return _given_kabupaten(structured, given, mentions)
        refined = refine_province(structured, mentions)
        if refined is None or refined.code is None:
            return RegionMatch(structured, [given], STRUCTURED_PROVINCE_CONFIDENCE, False)
        match = _to_match(refined)
        return RegionMatch(match.code, [given, *match.evidence], match.confidence, match.ambiguous)

    def _mentions(self, content: ReportContent) -> list[Mention]:
        found = self._scanner.scan(content.text, _TEXT)
        if content.location_text:
            found += self._short_field(content.location_text, _LOCATION)
        if content.reported_agency:
            found += self._short_field(content.reported_agency, _AGENCY)
        return found

    def _short_field(self, text: str, field: FieldScan) -> tuple[Mention, ...]:
        """`scan` of a short field, remembered: scanning is pure and Mentions are frozen."""
        key = (field.source, text)
        hit = self._field_cache.get(key)
        if hit is None:
            if len(self._field_cache) >= FIELD_CACHE_SIZE:
                self._field_cache.clear()  # simple bound; the common strings come back
            hit = self._field_cache[key] = tuple(self._scanner.scan(text, field))
        return hit

    def _structured(self, code: str | None) -> str | None:
        """Province or kabupaten/kota of a structured code; kecamatan and village codes map up."""
        if not code:
            return None
        short = ".".join(code.split(".")[:2])
        return short if short in self._index.names else None


def _given_kabupaten(code: str, given: Evidence, mentions: list[Mention]) -> RegionMatch:
    """The structured kabupaten/kota wins; text naming another place only lowers confidence."""
    agreeing = [m for m in mentions if m.codes == (code,)]
    disagreeing = [
        m for m in mentions if m.role != Role.REPORTER and m.codes[0] not in (code, code[:2])
    ]
    evidence = [given, *(_evidence(code, m) for m in agreeing)]
    confidence = STRUCTURED_CONFLICT_CONFIDENCE if disagreeing else STRUCTURED_CONFIDENCE
    return RegionMatch(code, evidence, confidence, False)


def _evidence(code: str, m: Mention) -> Evidence:
    return shared_evidence(FIELD, code, m.phrase, m.source)


def _to_match(decision: Decision) -> RegionMatch:
    code = decision.code
    if code is None:
        return RegionMatch(None, [], decision.confidence, decision.ambiguous)
    evidence = [_evidence(code, m) for m in decision.support]
    return RegionMatch(code, evidence, decision.confidence, decision.ambiguous)
