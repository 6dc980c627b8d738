"""Session 12 of issue 13: classes of k-fold misses on the hand-written corpus, each with
invented examples (none taken from the corpus, the held-out set or dev.jsonl).

- an operator's transcript quoting the caller's whole account names the subject in quotes;
- village heads, units and contract staff under their local or abbreviated titles;
- an acting government office stands for its staff in a neutrality report, not in a
  service complaint, and not when someone only claims to come from it;
- a political choice named without an election word still makes the report election-related;
- a report saying no official is involved is positive evidence of out of scope.
"""

from __future__ import annotations

import pytest

from schemas.reports import ReportContent
from schemas.triage import Category as C
from schemas.triage import SubjectType as S
from services.triage.domain.engine import TriageEngine
from services.triage.domain.subject import detect_subject
from services.triage.domain.text.lexicon import Lexicons
from tests.unit.triage.triage_support import decide

pytestmark = pytest.mark.unit

SUBJECTS: list[tuple[str, S]] = [
    (
        'Operator: penelepon bilang "kades kami bagi-bagi amplop ke warga menjelang coblosan".',
        S.VILLAGE,
    ),
    (
        'Transkrip: "itu pak polisi dari polsek ikut joget di panggung kampanye kemarin".',
        S.TNI_POLRI,
    ),
    ("Akun 'Relawan ASN Bersatu' mengunggah dukungan.", S.UNKNOWN),  # a short quote: a name
    ("Sangadi di desa sebelah ikut kampanye paslon.", S.VILLAGE),
    ("Kepala dukuh mengajak warga memilih paslon 2.", S.VILLAGE),
    ("Raja negeri kumpul warga di baileo bilang harus pilih calon itu.", S.VILLAGE),
    ("Anggota Polresta ikut menempel stiker cawalkot.", S.TNI_POLRI),
    ("Petugas kontrak dinas sosial membagikan kaos paslon.", S.NON_ASN),
    ("Seorang PNS ikut penjaringan balon bupati di partai.", S.ASN),
]


@pytest.mark.parametrize(("text", "expected"), SUBJECTS)
def test_subject_titles(lexicons: Lexicons, text: str, expected: S) -> None:
    content = ReportContent.model_validate({"channel": "hotline", "text": text})
    assert detect_subject(lexicons, content).type == expected


OFFICES: list[tuple[str, C, S]] = [
    (
        "Dinas Sosial menunda bantuan lansia bagi pendukung paslon lawan.",
        C.FAVORING_DECISION,
        S.ASN,
    ),
    ("Mobil dinas milik pemkab dipakai mengangkut kaos paslon ke posko.", C.STATE_FACILITY, S.ASN),
    ("Dana desa dipakai untuk mencetak spanduk paslon bupati.", C.STATE_FACILITY, S.VILLAGE),
    ("Jalan rusak di kampung kami tidak kunjung diperbaiki dinas PU.", C.OUT_OF_SCOPE, S.UNKNOWN),
    (
        "Orang yang mengaku utusan pemkab menyuruh warga memilih paslon 2.",
        C.MOBILIZATION,
        S.UNKNOWN,
    ),
]


@pytest.mark.parametrize(("text", "category", "subject"), OFFICES)
def test_an_acting_office_stands_for_its_staff_only_in_a_neutrality_report(
    engine: TriageEngine, text: str, category: C, subject: S
) -> None:
    decision = decide(engine, text)
    assert (decision.category, decision.subject_type) == (category, subject)


def test_a_choice_named_without_an_election_word_is_election_related(
    engine: TriageEngine,
) -> None:
    decision = decide(engine, "Lurah menahan surat warga karena keluarganya beda pilihan.")
    assert decision.category == C.FAVORING_DECISION
    assert "SP4N_LAPOR" not in decision.routes


def test_mobilisation_to_make_a_number_win(engine: TriageEngine) -> None:
    decision = decide(engine, "Pak lurah bilang data tiap RT harus dijaga biar paslon tiga menang.")
    assert decision.category == C.MOBILIZATION


def test_a_report_that_no_official_is_involved_is_out_of_scope(engine: TriageEngine) -> None:
    text = (
        "Dua pemilih bertengkar di dekat TPS soal antrean, tidak ada pegawai pemerintah terlibat."
    )
    assert decide(engine, text).routes == ["SP4N_LAPOR"]


def test_branded_government_aid_is_a_favouring_decision_not_a_gift(engine: TriageEngine) -> None:
    aid = "Kabid dinas membagikan paket bantuan pemerintah yang ditempeli stiker paslon nomor 1."
    with_money = "Kabid dinas membagikan amplop dan paket bansos bergambar paslon nomor 1."
    assert decide(engine, aid).category == C.FAVORING_DECISION
    assert decide(engine, with_money).category == C.MONEY_POLITICS
