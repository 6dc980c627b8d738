"""A citizen's SMS or WhatsApp message read as intake reads it. Pure.

A message is either `CEK <tracking code>` (a status question, answered at once) or a
part of a report. Parts from one sender within the joining window become one report
(service_layer/inbound.py): their texts joined in arrival order, the sender's number
as the reporter's phone (sealed with the rest of the identity, domain/report.py). WhatsApp
attachments become evidence (service_layer/inbound_media.py); those not taken are named
in `evidence_text`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from schemas.citizen_status import Lang
from schemas.gateway import GatewayChannel, InboundMedia

# `CEK`, `cek`, `Cek:` or the English `CHECK`, then the code as the citizen typed it.
COMMAND = re.compile(
    r"^\s*(?P<word>cek|check|status)\b[\s:#.-]*(?P<code>.*)$", re.IGNORECASE | re.DOTALL
)
MIN_REPORT_CHARS = 10  # ReportContent.text's own minimum: shorter is a greeting, not a report

# Words frequent in short English reports and rare in Indonesian ones, and the reverse.
# A guess, not a classifier: ties and unknown words mean Bahasa Indonesia, the default.
ENGLISH = frozenset(
    (
        "the",
        "a",
        "an",
        "is",
        "was",
        "are",
        "were",
        "of",
        "and",
        "to",
        "in",
        "at",
        "on",
        "with",
        "for",
        "this",
        "that",
        "my",
        "our",
        "he",
        "she",
        "they",
        "his",
        "her",
        "official",
        "officer",
        "campaign",
        "candidate",
        "head",
        "village",
        "district",
        "mayor",
        "regent",
        "government",
        "employee",
        "civil",
        "servant",
        "giving",
        "gave",
        "money",
        "report",
        "please",
        "saw",
        "seen",
        "yesterday",
        "today",
    )
)
INDONESIAN = frozenset(
    (
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "ada",
        "dengan",
        "untuk",
        "pada",
        "kami",
        "saya",
        "dia",
        "mereka",
        "tidak",
        "sudah",
        "akan",
        "kepala",
        "desa",
        "camat",
        "bupati",
        "walikota",
        "pegawai",
        "asn",
        "pns",
        "kampanye",
        "paslon",
        "calon",
        "uang",
        "amplop",
        "lapor",
        "laporan",
        "mohon",
        "tolong",
        "kemarin",
        "tadi",
        "hari",
        "bagi",
        "bagi2",
        "ikut",
    )
)
WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class StatusQuestion:
    raw_code: str
    lang: Lang  # English when asked with CHECK, else Bahasa Indonesia


@dataclass(frozen=True)
class Part:
    """One message of a report still being joined. `sender` is personal data."""

    message_id: str
    channel: GatewayChannel
    sender: str
    text: str
    received_at: datetime
    media: tuple[InboundMedia, ...] = ()


@dataclass(frozen=True)
class JoinedReport:
    channel: GatewayChannel
    sender: str
    parts: tuple[Part, ...] = field(default=())

    @property
    def words(self) -> str:
        """What the citizen wrote, parts in arrival order."""
        return "\n".join(p.text.strip() for p in self.parts if p.text.strip())


def read_message(text: str) -> StatusQuestion | None:
    """A status question, or None: the message is (part of) a report."""
    match = COMMAND.match(text)
    if match is None:
        return None
    code = match.group("code").strip()
    # "cek" alone, or followed by a sentence, is a report that happens to begin so.
    if not code or len(code.split()) > 5:
        return None
    return StatusQuestion(code, "en" if match.group("word").lower() == "check" else "id")


def guess_language(text: str) -> Lang:
    """English when clearly more English words than Indonesian ones, else Bahasa Indonesia."""
    words = WORD.findall(text.lower())
    english = sum(w in ENGLISH for w in words)
    indonesian = sum(w in INDONESIAN for w in words)
    return "en" if english >= 2 and english > indonesian else "id"


REFUSED_MEDIA_HEADER = "Lampiran WhatsApp yang tidak disimpan / attachments not kept:"


def submission_document(
    report: JoinedReport, *, max_text_chars: int, refused_media: Sequence[str] = ()
) -> dict[str, Any]:
    """The `ReportSubmission` document of a joined report (validated by the accept path)."""
    document: dict[str, Any] = {
        "channel": report.channel,
        "text": report.words[:max_text_chars],
        "reporter": {"phone": report.sender, "wants_updates": True},
    }
    if refused_media:
        document["evidence_text"] = "\n".join((REFUSED_MEDIA_HEADER, *refused_media))[:2000]
    return document
