"""Triage engine facade: built once from the parsed data, then `decide` is pure and fast.

Bootstrap (and the CLI) build it from the lexicons, the configured routing rules and
the gazetteer that the adapters read; nothing here falls back to packaged files.

Review policy: `routes` stay exactly the DOMAIN.md 4.4 contract. A decision that
needs a person (low confidence, out of scope but election-flavoured, unknown
region, conflicting signals) sets `needs_review` with reasons; the cases
service puts such cases in the manual triage queue. No TRIAGE_REVIEW route.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from schemas.reports import ReportContent
from schemas.routing.rules import RuleSet, route
from schemas.triage import Category, FieldConfidence, RuleFiring, SubjectType, TriageDecision
from services.triage.domain.category import Classification, classify
from services.triage.domain.combine import CategoryChoice, choose_category, needs_opinion
from services.triage.domain.dedup import DEFAULT_WINDOW_DAYS, dedup_key
from services.triage.domain.region import RegionResolver, RegionResult
from services.triage.domain.second_opinion import SecondOpinion
from services.triage.domain.subject import SubjectResult, detect_subject, office_staff
from services.triage.domain.text.lexicon import Lexicons
from services.triage.domain.yields import apply_yields

ENGINE_VERSION = "triage-engine/1.1"
DEFAULT_THRESHOLD = 0.6
# How much each part weighs in the overall confidence: the category drives routing most.
WEIGHTS = {"category": 0.6, "subject": 0.2, "region": 0.2}
RouteKey = tuple[Category, SubjectType, str | None]


@dataclass(frozen=True)
class EngineSettings:
    threshold: float = DEFAULT_THRESHOLD
    dedup_window_days: int = DEFAULT_WINDOW_DAYS


def _field_confidence(category: float, subject: float, region: float) -> FieldConfidence:
    """Routes follow from the three fields, so they are as sure as the least sure one."""
    parts = [min(max(round(v, 3), 0.0), 1.0) for v in (category, subject, region)]
    return FieldConfidence(
        category=parts[0], subject_type=parts[1], region_code=parts[2], routes=min(parts)
    )


def review_reasons(
    cls: Classification,
    choice: CategoryChoice,
    subject: SubjectResult,
    region: RegionResult,
    confidence: float,
    threshold: float,
) -> list[str]:
    out_of_scope = choice.category == Category.OUT_OF_SCOPE
    checks = [
        (confidence < threshold, f"confidence {confidence:.2f} below threshold {threshold:.2f}"),
        (
            out_of_scope and cls.election_context,
            "election-related words but no identifiable conduct",
        ),
        (not out_of_scope and region.code is None, "no region found"),
        (region.ambiguous, "region is ambiguous"),
        (subject.conflict, "reported position and report text name different subject types"),
        (
            choice.category == Category.PERSONNEL_CHANGE
            and subject.type != SubjectType.REGIONAL_HEAD,
            "personnel change reported against someone who is not a regional head",
        ),
    ]
    return [*choice.reasons, *(reason for failed, reason in checks if failed)]


class TriageEngine:
    def __init__(
        self,
        *,
        lexicons: Lexicons,
        rules: RuleSet,
        resolver: RegionResolver,
        second_opinion: SecondOpinion,
        settings: EngineSettings,
    ) -> None:
        self.lexicons, self.rules, self.resolver, self.settings = (
            lexicons,
            rules,
            resolver,
            settings,
        )
        self.second_opinion = second_opinion
        # Routing depends only on (category, subject type, region code) and the fixed
        # rules: a few thousand combinations at most, so each is worked out once.
        self._routes: dict[RouteKey, tuple[list[str], list[RuleFiring]]] = {}

    def with_second_opinion(self, second_opinion: SecondOpinion) -> TriageEngine:
        """The same rules, lexicons and gazetteer with another model (k-fold evaluation)."""
        return TriageEngine(
            lexicons=self.lexicons,
            rules=self.rules,
            resolver=self.resolver,
            second_opinion=second_opinion,
            settings=self.settings,
        )

    def _route(
        self, category: Category, subject_type: SubjectType, region_code: str | None
    ) -> tuple[list[str], list[RuleFiring]]:
        key = (category, subject_type, region_code)
        hit = self._routes.get(key)
        if hit is None:
            hit = self._routes[key] = route(category, subject_type, region_code, self.rules)
        # Fresh lists: a caller may change what it gets (RuleFiring itself is frozen).
        return list(hit[0]), list(hit[1])

    def decide(self, content: ReportContent, received_at: datetime) -> TriageDecision:
        lex = self.lexicons
        tokens = lex.normaliser.tokens(content.text)
        found = lex.index.find(tokens)
        subject = detect_subject(lex, content, scanned=(tokens, found))
        official = subject.type != SubjectType.UNKNOWN or subject.office is not None
        cls = apply_yields(lex, classify(lex, tokens, found, official=official))
        # The model is consulted only where the rules are not confident (a weak match, or
        # none in an election-related report): ~40-70 us a report, and confident matches
        # are most reports.
        opinion = self.second_opinion.opinion(tokens) if needs_opinion(cls) else None
        choice = choose_category(cls, opinion)
        if choice.category != Category.OUT_OF_SCOPE:
            subject = office_staff(subject)
        region = self.resolver.resolve(content)
        routes, fired = self._route(choice.category, subject.type, region.code)
        region_conf = region.confidence if region.code else 0.3
        confidence = round(
            WEIGHTS["category"] * choice.confidence
            + WEIGHTS["subject"] * subject.confidence
            + WEIGHTS["region"] * region_conf,
            3,
        )
        reasons = review_reasons(cls, choice, subject, region, confidence, self.settings.threshold)
        return TriageDecision(
            category=choice.category,
            categories=choice.categories,
            subject_type=subject.type,
            region_code=region.code,
            routes=routes,
            confidence=min(max(confidence, 0.0), 1.0),
            needs_review=bool(reasons),
            review_reasons=reasons,
            rules_fired=fired,
            field_confidence=_field_confidence(choice.confidence, subject.confidence, region_conf),
            evidence=[*cls.evidence, *choice.evidence, *subject.evidence, *region.evidence],
            dedup_key=dedup_key(
                content,
                category=choice.category,
                subject_type=subject.type,
                region_code=region.code,
                received_at=received_at,
                window_days=self.settings.dedup_window_days,
            ),
            rules_version=self.rules.version,
            engine_version=f"{ENGINE_VERSION}+lexicon.{lex.version}",
        )
