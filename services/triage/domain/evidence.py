"""Shared Evidence instances: building one is a pydantic validation (a few µs).

A report carries about six evidence items, and their phrases repeat across reports
(category and subject phrases are normalised lexicon words). Evidence is a frozen
model, so one instance can safely appear in many decisions.
"""

from __future__ import annotations

from schemas.triage import Evidence

CACHE_SIZE = 8192  # distinct items remembered; when full the cache starts over
_cache: dict[tuple[str, str, str, str], Evidence] = {}


def shared_evidence(field: str, label: str, phrase: str, source: str) -> Evidence:
    key = (field, label, phrase, source)
    hit = _cache.get(key)
    if hit is None:
        if len(_cache) >= CACHE_SIZE:
            _cache.clear()
        hit = _cache[key] = Evidence(field=field, label=label, phrase=phrase, source=source)
    return hit
