"""Session 13 of issue 13: classes of held-out and k-fold misses, each with invented
examples (none taken from the corpus, the held-out sets or dev.jsonl).

- a public official and a vote named together are never OUT_OF_SCOPE, even when no rule
  and no election word matched; without an official the model may still say "not ours";
- a career reward promised for the vote is the mobilisation's lure: MOBILIZATION, not a
  personnel change or a favouring decision, and no Gakkumdu route; a promotion that
  happened stays a PERSONNEL_CHANGE;
- TNI/Polri members named by corps, rank or loosely by unit;
- a candidate's number and a vote in Javanese, Sundanese and eastern Malay.
"""

from __future__ import annotations

import pytest

from schemas.triage import Category as C
from schemas.triage import SubjectType as S
from services.triage.domain.category import Classification
from services.triage.domain.combine import OUT_OF_SCOPE_CERTAINTY, choose_category
from services.triage.domain.engine import TriageEngine
from services.triage.domain.second_opinion import Opinion
from services.triage.domain.text.lexicon import Lexicons
from tests.unit.triage.gazetteer_support import code_of
from tests.unit.triage.triage_support import decide

pytestmark = pytest.mark.unit

OFFICIAL_AND_VOTE = [
    "Pak lurah ngumpulin ketua RT semalam, pesannya jelas: suara untuk nomor dua harus aman.",
    "Kepala UPT bilang ke kami, tolong jaga suara di lingkungan masing-masing buat nomor tiga.",
    "Sekretaris camat titip pesan ke para kadus biar warga kompak, nomor satu.",
]


@pytest.mark.parametrize("text", OFFICIAL_AND_VOTE)
def test_an_official_and_a_vote_are_never_out_of_scope(engine: TriageEngine, text: str) -> None:
    d = decide(engine, text, region_code="33.08")
    assert d.category != C.OUT_OF_SCOPE, d.review_reasons
    assert d.routes[0] == "BAWASLU:33.08"


def test_a_vote_without_an_official_can_still_be_out_of_scope(engine: TriageEngine) -> None:
    d = decide(engine, "Tetangga saya bilang suaranya untuk nomor dua, itu urusan dia sendiri.")
    assert d.category == C.OUT_OF_SCOPE


def test_the_model_cannot_send_an_official_vote_out_of_scope() -> None:
    nothing = Classification(C.OUT_OF_SCOPE, [C.OUT_OF_SCOPE], 0.45, election_context=True)
    sure = Opinion(C.OUT_OF_SCOPE, 0.95, C.MOBILIZATION, 0.03, OUT_OF_SCOPE_CERTAINTY + 0.1)
    assert choose_category(nothing, sure).category == C.OUT_OF_SCOPE
    official = Classification(
        C.OUT_OF_SCOPE, [C.OUT_OF_SCOPE], 0.45, election_context=True, official_vote=True
    )
    assert choose_category(official, sure).category == C.MOBILIZATION


LURES = [
    "Kepala dinas menjanjikan promosi kepada staf yang berhasil memenangkan calon bupati.",
    "Sekda bilang promosi jabatan akan diberikan bagi yang bisa memenangkan paslon 1 di unitnya.",
    "Kabag bilang ke staf, pegawai yang setia pada nomor dua akan diperhatikan kariernya.",
]


@pytest.mark.parametrize("text", LURES)
def test_a_career_promised_for_the_vote_is_mobilisation(engine: TriageEngine, text: str) -> None:
    d = decide(engine, text, region_code="35.08")
    assert d.category == C.MOBILIZATION, (d.categories, d.review_reasons)
    assert not any(r.startswith("GAKKUMDU") for r in d.routes)


def test_a_promotion_that_happened_stays_a_personnel_change(engine: TriageEngine) -> None:
    d = decide(
        engine,
        "Bupati mempromosikan tiga camat yang mendukung petahana pada masa larangan mutasi.",
    )
    assert d.category == C.PERSONNEL_CHANGE


# One reading gives way to another (lexicon.yaml `yields`), so these run through the engine.
YIELDS: list[tuple[str, C]] = [
    # a vote made a condition of aid: a threat (MOBILIZATION), the aid not yet withheld
    ("Kades bilang BLT tidak akan dapat kalau warga tidak pilih paslon 2.", C.MOBILIZATION),
    # ... and struck off afterwards: the act is a FAVORING_DECISION
    (
        "Kades mengancam yang tidak pilih paslon 2, lalu warga itu dicoret dari daftar BLT.",
        C.FAVORING_DECISION,
    ),
    # public aid handed only to supporters: favouring, not a gift of goods
    ("Lurah hanya membagikan beras bantuan kepada warga pendukung cabup 1.", C.FAVORING_DECISION),
    # a hall named where the subject poses is only the place ...
    ("Foto lurah bersama cabup nomor 1 di aula kelurahan, pose satu jari.", C.PARTISAN_GESTURE),
    # ... hosting in it is the use of a state facility
    ("Kades menggelar rapat tim pemenangan paslon di balai desa tiap malam.", C.STATE_FACILITY),
    # a party or a candidate's uniform is not a uniform of office
    (
        "Honorer dinas itu memakai seragam partai saat rapat ranting partai.",
        C.PARTY_MEMBERSHIP_CANDIDACY,
    ),
]


@pytest.mark.parametrize(("text", "expected"), YIELDS)
def test_readings_that_give_way(engine: TriageEngine, text: str, expected: C) -> None:
    d = decide(engine, text)
    assert d.category == expected, d.categories


TNI_POLRI = [
    "Seorang perwira dari Kodim hadir di deklarasi paslon bupati.",
    "Bintara Polri itu ikut pasang spanduk calon wali kota.",
    "Kapten di Koramil foto bareng cabup pose dua jari.",
    "Oknum Polsek ikut konvoi kampanye calon gubernur.",
]


@pytest.mark.parametrize("text", TNI_POLRI)
def test_members_named_by_corps_rank_or_unit(engine: TriageEngine, text: str) -> None:
    assert decide(engine, text).subject_type == S.TNI_POLRI


@pytest.mark.parametrize(
    ("dialect", "standard"),
    [
        ("nomer siji", "nomor satu"),
        ("nomer loro", "nomor dua"),
        ("nomer tilu", "nomor tiga"),
        ("ngamankeun sora", "amankan suara"),
        ("kitong pilih", "kami pilih"),
        ("mnngkn cabup", "menangkan cabup"),
    ],
)
def test_a_number_and_a_vote_in_dialect(lexicons: Lexicons, dialect: str, standard: str) -> None:
    assert lexicons.normaliser.words(dialect) == lexicons.normaliser.words(standard)


def test_a_units_property_stands_for_its_members(engine: TriageEngine) -> None:
    d = decide(engine, "Truk milik Kodim dipakai mengangkut massa ke kampanye cabup.")
    assert d.subject_type == S.TNI_POLRI


# Region: a police resort's "<city> Kota", a body named with its region's short or
# everyday name, city slang (ambiguous like the city's own name unless the text decides).
REGIONS = [
    ("Anggota Polres Metro Bekasi Kota ikut konvoi kampanye paslon.", "32.75"),
    ("Staf dinas kesehatan landak pasang baliho cabup.", "61.08"),
    ("Honorer pemkot ptk pasang stiker paslon walkot.", "61.71"),
    ("Guru PNS di Ngalam ikut kampanye paslon.", "35"),
    ("PNS Pemkot Ngalam ikut kampanye paslon walkot.", "35.73"),
]


@pytest.mark.parametrize(("text", "code"), REGIONS)
def test_colloquial_regions(text: str, code: str) -> None:
    assert code_of(text) == code


def test_office_stationery_used_for_a_campaign_is_a_state_facility(engine: TriageEngine) -> None:
    d = decide(
        engine, "Staf kecamatan memakai stempel dan kop surat kantor untuk undangan kampanye."
    )
    assert d.category == C.STATE_FACILITY


def test_recruitment_names_no_person(engine: TriageEngine) -> None:
    d = decide(engine, "Kapan pengumuman seleksi PPPK tahun ini? Saya mau ikut tes CPNS juga.")
    assert d.subject_type == S.UNKNOWN and d.category == C.OUT_OF_SCOPE
