"""Dedup key: reports of one incident (twenty copies of one viral post) share a key.

The key hashes who (the normalised name, else the subject type), where (the
region code, else the normalised agency), what (category) and when (a
fixed-width day bucket of the incident date, else the received date). Wording,
and the free-text post that reporters spell differently ("Kadis PU", "Kepala
Dinas Pekerjaan Umum"), are deliberately left out, so paraphrases match.
Trade-off: two unnamed people of the same type, region and category in one
bucket share a key; the cases service merges on the key, staff can split.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from schemas.reports import ReportContent
from schemas.triage import Category, SubjectType

DEFAULT_WINDOW_DAYS = 7
KEY_LENGTH = 16
# Honorifics and academic titles say nothing about who the person is.
_HONORIFICS = re.compile(
    r"\b(sdr|sdri|saudara|saudari|bapak|bpk|pak|ibu|bu|drs|dra|dr|ir|hj|h|s\.?\s?pd|s\.?\s?h"
    r"|s\.?\s?e|s\.?\s?sos|s\.?\s?ag|s\.?\s?t|s\.?\s?kom|m\.?\s?si|m\.?\s?pd|m\.?\s?m|m\.?\s?h)\b\.?"
)
_AGENCY_ALIASES = (
    (re.compile(r"\bpemerintah\s+kabupaten\b"), "pemkab"),
    (re.compile(r"\bpemerintah\s+kota\b"), "pemkot"),
    (re.compile(r"\bpemko\b"), "pemkot"),
    (re.compile(r"\bpemerintah\s+provinsi\b"), "pemprov"),
    (re.compile(r"\bkab(upaten)?\b\.?"), "kab"),
)


_PLAIN_WORD = re.compile(r"[a-z0-9]+")


def _plain(text: str | None) -> str:
    return " ".join(_PLAIN_WORD.findall((text or "").lower()))


def normalise_name(name: str | None) -> str:
    if not name:  # most reports name nobody: skip the regex passes over ""
        return ""
    return _plain(_HONORIFICS.sub(" ", name.lower()))


def normalise_agency(agency: str | None) -> str:
    if not agency:
        return ""
    text = agency.lower()
    for pattern, alias in _AGENCY_ALIASES:
        text = pattern.sub(alias, text)
    return _plain(text)


def time_bucket(day: date, window_days: int) -> int:
    return day.toordinal() // window_days


def dedup_key(
    content: ReportContent,
    *,
    category: Category,
    subject_type: SubjectType,
    region_code: str | None,
    received_at: datetime,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> str:
    who = normalise_name(content.reported_name) or subject_type.value
    where = region_code or normalise_agency(content.reported_agency) or "-"
    day = content.occurred_on or received_at.date()
    parts = (who, where, category.value, str(time_bucket(day, window_days)))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:KEY_LENGTH]
