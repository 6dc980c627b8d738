"""Issue 13's language data, one test per entry class: every entry of each normalise.yaml
section does what it says, a report in each register is read right, and the alias files
(units included) are checked against the Kemendagri list at load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from schemas.triage import Category, SubjectType
from services.triage.adapters.data_files import PACKAGED_DATA_DIR, read_yaml
from services.triage.adapters.gazetteer_files import read_gazetteer
from services.triage.domain.engine import TriageEngine
from services.triage.domain.errors import LexiconError
from services.triage.domain.text.lexicon import Lexicons
from services.triage.domain.text.normalise import WORD_SECTIONS, Normaliser
from tests.unit.triage.triage_support import decide

pytestmark = pytest.mark.unit

RAW: dict[str, Any] = read_yaml(PACKAGED_DATA_DIR / "normalise.yaml")
ISSUE_13_SECTIONS = ("sms_shorthand", "eastern_malay", "javanese_sundanese", "transcript_fillers")


@pytest.mark.parametrize("section", ISSUE_13_SECTIONS)
def test_every_entry_of_a_word_section_becomes_its_standard_form(
    lexicons: Lexicons, section: str
) -> None:
    assert section in WORD_SECTIONS
    entries = RAW[section]
    assert len(entries) >= 5
    for word, meaning in entries.items():
        assert lexicons.normaliser.words(str(word)) == lexicons.normaliser.words(str(meaning)), word


def test_every_emoji_entry_stands_for_its_words(lexicons: Lexicons) -> None:
    for emoji, words in RAW["emoji"].items():
        got = lexicons.normaliser.words(f"foto {emoji}️ bareng")  # with the variation selector
        assert got == ["foto", *lexicons.normaliser.words(words), "bareng"], emoji


def test_a_word_with_two_meanings_in_two_sections_is_refused() -> None:
    raw = {"abbreviations": {"sa": "saya"}, "eastern_malay": {"sa": "satu"}}
    with pytest.raises(LexiconError, match="'sa' is 'saya' in abbreviations but 'satu'"):
        Normaliser.from_data(raw, extra_stems=())


# One report per register, decided by the engine end to end (invented for these classes).
REGISTERS = [
    ("sms shorthand", "lpr, kdes di ds kmi bagi2 amplp ke wrg, sruh plh pslon no 2", Category.MONEY_POLITICS, SubjectType.VILLAGE),
    ("eastern malay", "Beta lia kepala dinas su pasang baliho paslon 3 di dong pung kantor", Category.CAMPAIGN_PROPS, SubjectType.ASN),
    ("eastern malay negator", "Bapa camat seng ikut kampanye, dia cuma lewat saja. Beta salah lia.", Category.OUT_OF_SCOPE, SubjectType.ASN),
    ("javanese", "Pak lurahe wingi dikon bupati nyoblos paslon 1, kabeh staf kudu melu", Category.MOBILIZATION, SubjectType.REGIONAL_HEAD),
    ("sundanese", "Punten, kuwu di desa abdi teh ngiring kampanye cabup nomer 2 atuh", Category.CAMPAIGN_ACTIVITY, SubjectType.VILLAGE),
    ("transcript", "Penelepon: eh, anu, pak camat itu, ehm, hadir di deklarasi paslon 2. Operator: baik.", Category.CAMPAIGN_ACTIVITY, SubjectType.ASN),
    ("emoji", "Kepala puskesmas foto ✌️ bareng cabup nomor 2 😡", Category.PARTISAN_GESTURE, SubjectType.ASN),
]  # fmt: skip


@pytest.mark.parametrize(("register", "text", "category", "subject"), REGISTERS)
def test_each_register_is_read_right(
    engine: TriageEngine, register: str, text: str, category: Category, subject: SubjectType
) -> None:
    decision = decide(engine, text, region_code="81.71")
    assert (decision.category, decision.subject_type) == (category, subject), register


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Anggota Polda Metro Jaya ikut kampanye paslon 2.", "31"),
        ("Prajurit Kodam Brawijaya foto bareng cagub pose dua jari.", "35"),
        ("Babinsa Kodim Kukar pasang baliho paslon 3.", "64.02"),
        ("kades di bonbol bagi2 amplop titipan paslon 1", "75.03"),
        ("Guru PNS di Kepsul ikut deklarasi paslon 1.", "82.05"),
    ],
)
def test_units_and_short_names_resolve(real_engine: TriageEngine, text: str, code: str) -> None:
    assert decide(real_engine, text).region_code == code


def test_an_alias_with_an_unknown_code_stops_loading(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    folder.mkdir()
    for name in ("lexicon.yaml", "aliases.yaml", "capitals.yaml", "common_words.txt"):
        (folder / name).write_bytes((PACKAGED_DATA_DIR / "gazetteer" / name).read_bytes())
    (folder / "units.yaml").write_text('"99.99": [kodam khayalan]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"99\.99"):
        read_gazetteer(tmp_path)
