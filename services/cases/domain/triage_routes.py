"""Routes of a corrected triage decision (DOMAIN.md 4.4), for a staff correction.

Triage derives routes from its versioned rule file; a staff member who corrects the
category, subject or region re-routes the case by the same contract, written out here
because cases may not import triage (the services are independent). A correction may
also name its routes outright, which replaces this derivation.
"""

from __future__ import annotations

from schemas.triage import Category, SubjectType

CRIMINAL = frozenset(
    {Category.MONEY_POLITICS, Category.FAVORING_DECISION, Category.PERSONNEL_CHANGE}
)


def contract_routes(
    category: Category, subject_type: SubjectType, region_code: str | None
) -> tuple[str, ...]:
    if category == Category.OUT_OF_SCOPE:
        return ("SP4N_LAPOR",)
    level = region_code or "RI"
    routes = [f"BAWASLU:{level}"]
    if category in CRIMINAL:
        routes.append(f"GAKKUMDU:{level}")
    if subject_type == SubjectType.REGIONAL_HEAD or category == Category.PERSONNEL_CHANGE:
        routes.append("KEMENDAGRI")
    if subject_type == SubjectType.TNI_POLRI:
        routes.append("TNI_POLRI")
    if subject_type == SubjectType.VILLAGE and region_code:
        routes.append(f"PEMDA:{region_code}")
    return tuple(routes)
