"""Normalisation and light morphology."""

from __future__ import annotations

import pytest

from services.triage.domain.text.lexicon import Lexicons
from services.triage.domain.text.morphology import Stemmer, minimal_stems

pytestmark = pytest.mark.unit


def words(lexicons: Lexicons, text: str) -> list[str]:
    return [t.text for t in lexicons.normaliser.tokens(text)]


def test_lower_case_punctuation_and_boundaries(lexicons: Lexicons) -> None:
    assert words(lexicons, "Camat HADIR! Lalu, pulang.") == [
        "camat",
        "hadir",
        ".",
        "lalu",
        ",",
        "pulang",
        ".",
    ]


def test_repeated_letters_collapse(lexicons: Lexicons) -> None:
    assert words(lexicons, "parah bangeeet") == ["parah", "banget"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bagi2 amplop", ["bagi", "bagi", "amplop"]),
        ("desa-desa", ["desa", "desa"]),
        ("SK-nya", ["sk"]),
    ],
)
def test_reduplication_and_clitics(lexicons: Lexicons, text: str, expected: list[str]) -> None:
    assert words(lexicons, text) == expected


@pytest.mark.parametrize(
    ("slang", "expanded"),
    [
        ("yg", "yang"),
        ("dgn", "dengan"),
        ("tdk", "tidak"),
        ("sdh", "sudah"),
        ("kmrn", "kemarin"),
        ("bpk", "bapak"),
        ("medsos", "media sosial"),
        ("td", "tadi"),
        ("dr", "dari"),
        ("bbrp", "beberapa"),
        ("dsa", "desa"),
        ("kab", "kabupaten"),
        ("ngasih", "kasih"),
        ("nyoblos", "coblos"),
        ("no", "nomor"),
        ("kadis", "kepala dinas"),
        ("pppk", "pppk"),
        ("kpl", "kepala"),
        ("dtg", "datang"),
        ("psg", "pasang"),
        ("cawako", "cawalkot"),
        ("kagak", "tidak"),
        ("mboten", "tidak"),
        ("teu", "tidak"),
        ("tumut", "ikut"),
        ("sareng", "bersama"),
        ("janten", "jadi"),
    ],
)
def test_abbreviations_and_slang_from_data(lexicons: Lexicons, slang: str, expanded: str) -> None:
    assert " ".join(words(lexicons, slang)) == expanded


@pytest.mark.parametrize(("typo", "fixed"), [("kampaye", "kampanye"), ("pemenagan", "pemenangan")])
def test_typos_from_data(lexicons: Lexicons, typo: str, fixed: str) -> None:
    assert words(lexicons, typo) == [fixed]


def test_money_amounts_become_one_word(lexicons: Lexicons) -> None:
    assert words(lexicons, "isi 100rb dan Rp50.000") == ["isi", "nominaluang", "dan", "nominaluang"]


@pytest.mark.parametrize(
    ("word", "stem", "passive"),
    [
        ("mengunggah", "unggah", False),
        ("diunggah", "unggah", True),
        ("unggahan", "unggah", False),
        ("memilih", "pilih", False),
        ("mencoblos", "coblos", False),
        ("menyebar", "sebar", False),
        ("mengumpulkan", "kumpul", False),
        ("pemenangan", "menang", False),
        ("membagikannya", "bagi", False),
        ("berorasi", "orasi", False),
        ("dishare", "share", True),
        ("pendukung", "dukung", False),
        ("keikutsertaan", "ikutserta", False),
        ("pengarahan", "arah", False),
        ("nyuruh", "suruh", False),
        ("ngumpul", "kumpul", False),
        ("keberangkatan", "berangkat", False),
        ("memberhentikan", "henti", False),
    ],
)
def test_stems(lexicons: Lexicons, word: str, stem: str, passive: bool) -> None:
    assert lexicons.normaliser.stemmer.stem(word) == (stem, passive)


@pytest.mark.parametrize("word", ["bagian", "kecamatan", "pemilihan", "pejabat", "sebagai"])
def test_no_over_stemming(lexicons: Lexicons, word: str) -> None:
    assert lexicons.normaliser.stemmer.stem(word)[0] == word


def test_unknown_words_stay_whole() -> None:
    stemmer = Stemmer(known=frozenset({"pilih"}))
    assert stemmer.stem("menanam") == ("menanam", False)
    assert stemmer.stem("dipilihnya") == ("pilih", True)


def test_minimal_stems_drop_inflections_of_listed_stems() -> None:
    assert minimal_stems({"dukung", "pendukung", "pejabat"}, frozenset()) == {"dukung", "pejabat"}
