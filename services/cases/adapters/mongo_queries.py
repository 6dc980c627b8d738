"""Queue filters and positions -> MongoDB queries (operators FerretDB 1.x supports).

The query narrows by filters and, where cheap, by jurisdiction; `can_view` in Python
stays the authority, so a prefilter may only ever be wider than the policy.
"""

from __future__ import annotations

import re
from datetime import datetime

from services.cases.domain.model import NATIONAL, Actor
from services.cases.domain.vocabulary import Role
from services.cases.read_models.models import CaseFilters
from services.cases.read_models.ports import Document, QueuePosition


def _code_prefix(code: str) -> str:
    """Regex for a region code and every code below it."""
    return re.escape(code) + r"(\.|$)"


def _jurisdiction(actor: Actor) -> list[Document]:
    if actor.role == Role.BAWASLU and actor.region not in (None, NATIONAL):
        return [{"routes": {"$regex": "^BAWASLU:" + _code_prefix(actor.region or "")}}]
    return []


def filter_clauses(filters: CaseFilters, *, actor: Actor, now: datetime) -> list[Document]:
    clauses: list[Document] = _jurisdiction(actor)
    if filters.status is not None:
        clauses.append({"status": filters.status.value})
    if filters.category:
        clauses.append({"category": filters.category})
    if filters.region:
        clauses.append({"region_code": {"$regex": "^" + _code_prefix(filters.region)}})
    if filters.authority:
        clauses.append({"routes": {"$regex": "^" + re.escape(filters.authority) + r"($|[.:])"}})
    if filters.needs_review is not None:
        clauses.append({"needs_review": filters.needs_review})
    if filters.overdue is True:
        clauses.append({"deadline_at": {"$lt": now}})
    if filters.overdue is False:
        clauses.append({"$or": [{"deadline_at": None}, {"deadline_at": {"$gte": now}}]})
    if filters.q:
        clauses.append(_text_search(filters.q, actor))
    return clauses


def _text_search(text: str, actor: Actor) -> Document:
    pattern = {"$regex": re.escape(text.strip()), "$options": "i"}
    if actor.role == Role.OPS:  # ops sees metadata only: the report text is not for it
        return {"_id": pattern}
    return {"$or": [{"summary": pattern}, {"_id": pattern}]}


def after_clause(position: QueuePosition | None) -> list[Document]:
    if position is None:
        return []
    queue_at, case_id = position
    return [
        {"$or": [{"queue_at": {"$gt": queue_at}}, {"queue_at": queue_at, "_id": {"$gt": case_id}}]}
    ]


def as_query(clauses: list[Document]) -> Document:
    return {"$and": clauses} if clauses else {}
