"""Triage decision (DOMAIN.md section 4) and the `report.triaged` payload."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.reports import ReportReceived


class Category(StrEnum):
    """Violation categories, declared in precedence order (most severe first)."""

    PERSONNEL_CHANGE = "PERSONNEL_CHANGE"
    MONEY_POLITICS = "MONEY_POLITICS"
    FAVORING_DECISION = "FAVORING_DECISION"
    STATE_FACILITY = "STATE_FACILITY"
    MOBILIZATION = "MOBILIZATION"
    CAMPAIGN_TEAM = "CAMPAIGN_TEAM"
    PARTY_MEMBERSHIP_CANDIDACY = "PARTY_MEMBERSHIP_CANDIDACY"
    CAMPAIGN_ACTIVITY = "CAMPAIGN_ACTIVITY"
    CAMPAIGN_PROPS = "CAMPAIGN_PROPS"
    PARTISAN_GESTURE = "PARTISAN_GESTURE"
    SOCIAL_MEDIA_SUPPORT = "SOCIAL_MEDIA_SUPPORT"
    OUT_OF_SCOPE = "OUT_OF_SCOPE"


class SubjectType(StrEnum):
    ASN = "ASN"
    NON_ASN = "NON_ASN"
    VILLAGE = "VILLAGE"
    REGIONAL_HEAD = "REGIONAL_HEAD"
    TNI_POLRI = "TNI_POLRI"
    UNKNOWN = "UNKNOWN"


class Authority(StrEnum):
    """Who a route names (DOMAIN.md 4.4): the part of a route before `:<level>`."""

    BAWASLU = "BAWASLU"
    GAKKUMDU = "GAKKUMDU"
    KEMENDAGRI = "KEMENDAGRI"
    TNI_POLRI = "TNI_POLRI"
    PEMDA = "PEMDA"
    SP4N_LAPOR = "SP4N_LAPOR"


def authority_of(route: str) -> Authority:
    """`BAWASLU:18.12` -> BAWASLU; raises ValueError for a route no rule can produce."""
    return Authority(route.split(":", 1)[0])


class Evidence(BaseModel):
    """A phrase in the report that supported a label."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str  # "category", "subject_type" or "region_code"
    label: str  # the code it supports
    phrase: str  # the matched text
    source: str = "text"  # which report field it came from


class RuleFiring(BaseModel):
    """One routing rule that fired, so staff can see why a case went where it went."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    explanation: str
    routes: list[str] = Field(default_factory=list)


class FieldConfidence(BaseModel):
    """How sure triage is of each field (0..1); routes as sure as the least sure input."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: float = Field(ge=0.0, le=1.0)
    subject_type: float = Field(ge=0.0, le=1.0)
    region_code: float = Field(ge=0.0, le=1.0)
    routes: float = Field(ge=0.0, le=1.0)


class TriageDecision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    category: Category
    categories: list[Category]
    subject_type: SubjectType
    region_code: str | None
    routes: list[str]
    confidence: float = Field(ge=0.0, le=1.0)
    needs_review: bool = False
    review_reasons: list[str] = Field(default_factory=list)
    # Per field; absent on events published before issue 13, hence optional.
    field_confidence: FieldConfidence | None = None
    rules_fired: list[RuleFiring] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    dedup_key: str
    rules_version: str
    engine_version: str


class ReportTriaged(BaseModel):
    """Payload of `report.triaged`: the report as received plus the decision."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    report: ReportReceived
    decision: TriageDecision
