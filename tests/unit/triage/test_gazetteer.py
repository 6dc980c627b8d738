"""Gazetteer rules of DOMAIN.md 4.3 on names: structured codes, kinds, spellings."""

from __future__ import annotations

import pytest

from tests.unit.triage.gazetteer_support import code_of, resolve

pytestmark = pytest.mark.unit


class TestStructuredField:
    def test_kabupaten_code_wins_over_the_text(self) -> None:
        match = resolve("Camat ikut kampanye di Kabupaten Kendal", region_code="33.74")
        assert match.code == "33.74"
        assert [e.source for e in match.evidence] == ["region_code"]
        assert match.confidence < resolve("Camat ikut kampanye", region_code="33.74").confidence

    def test_text_that_agrees_is_evidence_too(self) -> None:
        match = resolve("ASN Pemkot Semarang ikut kampanye", region_code="33.74")
        assert [(e.phrase, e.source) for e in match.evidence] == [
            ("33.74", "region_code"),
            ("Pemkot Semarang", "text"),
        ]
        assert match.confidence > 0.9

    def test_kecamatan_code_maps_up(self) -> None:
        assert code_of("Camat ikut kampanye akbar paslon", region_code="73.71.05") == "73.71"

    def test_province_code_refined_by_a_kota_inside_it(self) -> None:
        match = resolve("Camat ikut kampanye di Kota Singkawang", region_code="61")
        assert match.code == "61.72"
        assert {e.source for e in match.evidence} == {"region_code", "text"}

    def test_province_code_kept_when_the_text_names_another_province(self) -> None:
        assert code_of("Camat ikut kampanye di Kota Medan", region_code="61") == "61"

    def test_province_code_alone(self) -> None:
        assert code_of("Camat ikut kampanye akbar paslon", region_code="61") == "61"

    def test_province_code_settles_a_kecamatan_name_found_in_two_provinces(self) -> None:
        text = "Lurah di Kecamatan Tambaksari ikut kampanye"
        assert code_of(text, region_code="32") == "32.07"
        assert code_of(text, region_code="35") == "35.78"

    def test_unknown_code_falls_back_to_the_text(self) -> None:
        assert code_of("Camat ikut kampanye di Kabupaten Bantul", region_code="99.98") == "34.02"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Camat ikut kampanye di Kota Kediri", "35.71"),
        ("Camat ikut kampanye di Kabupaten Kediri", "35.06"),
        ("Camat ikut kampanye di Kab. Kediri", "35.06"),
        ("Camat ikut kampanye di kab kediri", "35.06"),
        ("ASN Pemkot Kediri ikut kampanye", "35.71"),
        ("ASN Pemkab Kediri ikut kampanye", "35.06"),
        ("Wali Kota Blitar melantik pejabat eselon", "35.72"),
        ("Bupati Blitar melantik pejabat eselon", "35.05"),
        ("Kepala sekolah di Kabupaten Malang ikut kampanye", "35.07"),
    ],
)
def test_kota_and_kabupaten_are_told_apart(text: str, expected: str) -> None:
    assert code_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guru PNS foto pose jari di Pekalongan", "33"),
        ("Guru PNS foto pose jari di Tangerang", "36"),
        ("Guru PNS foto pose jari di Kupang", "53"),
        ("Guru PNS foto pose jari di Madiun", "35"),
    ],
)
def test_bare_name_of_kabupaten_and_kota_is_the_province(text: str, expected: str) -> None:
    match = resolve(text)
    assert match.code == expected
    assert not match.ambiguous
    assert match.confidence < resolve(text.replace(" di ", " di Kota ")).confidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Javanese "ing"/"neng" is "di": the kecamatan is where it happened, and "karo"
        # ("with") after "bupati" is no Kabupaten Karo
        ("bu bidan puskesmas ing Kecamatan Kalasan foto bareng calon bupati karo pose", "34.04"),
        ("pak lurah neng Kecamatan Sewon melu kampanye", "34.02"),
        # "balai desa buat ngenalin paslon": "buat" is "for", not a village
        ("Kades Tanjung (Kec. Tanjung, Brebes) bikin acara di balai desa buat warga", "33.29"),
    ],
)
def test_regional_language_words_around_places(text: str, expected: str) -> None:
    assert code_of(text) == expected


def test_bare_name_in_two_provinces_is_ambiguous() -> None:
    match = resolve("ASN di Banjar pasang baliho paslon")
    assert match.code is None
    assert match.ambiguous


def test_bare_name_in_two_provinces_settled_by_the_province() -> None:
    assert code_of("ASN di Banjar, Kalimantan Selatan pasang baliho paslon") == "63.03"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guru PNS foto pose jari di Lamsel", "18.01"),
        ("Guru PNS foto pose jari di Tubaba", "18.12"),
        ("lurah di jaktim ikut kampanye", "31.75"),
        ("lurah di Jakpus ikut kampanye", "31.71"),
        ("pns di jakarta selatan ikut kampanye", "31.74"),
        ("Guru PNS foto pose jari di Kukar", "64.02"),
        ("Guru PNS foto pose jari di Sidrap", "73.14"),
        ("Guru PNS di kab. inhil pasang baliho", "14.04"),
        ("ASN Pemprov Kaltim ikut kampanye", "64"),
        ("ASN Pemprov Jatim ikut kampanye", "35"),
        ("PNS kampanye di Sangatta kemarin", "64.08"),
        ("guru di Wamena pasang baliho paslon", "95.01"),
    ],
)
def test_local_short_names(text: str, expected: str) -> None:
    assert code_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guru PNS di Tanjung Pinang pasang baliho", "21.72"),
        ("Guru PNS di Tanjungpinang pasang baliho", "21.72"),
        ("Guru PNS di Tj. Pinang pasang baliho", "21.72"),
        ("Guru PNS di Pangkal Pinang pasang baliho", "19.71"),
        ("Guru PNS di Kota Bau-Bau pasang baliho", "74.72"),
        ("Guru PNS di Baubau pasang baliho", "74.72"),
        ("Guru PNS di Toli-Toli pasang baliho", "72.04"),
        ("Guru PNS di Kota Adm. Jakarta Utara pasang baliho", "31.72"),
        ("Guru PNS di Kab. Kep. Mentawai pasang baliho", "13.09"),
        ("Guru PNS di Kepulauan Selayar pasang baliho", "73.01"),
        ("Guru PNS di Pematang Siantar pasang baliho", "12.72"),
        ("Guru PNS di Palangka Raya pasang baliho", "62.71"),
        ("Guru PNS dikabupaten Sumbawa pasang baliho", "52.04"),
        ("Guru PNS di Kabupaten Lima Puluh Kota pasang baliho", "13.07"),
        ("camat di Kota Makasar ikut kampanye", "73.71"),
        ("pns di kabupaten bayuwangi kampanye", "35.10"),
        ("camat di Kabupaten Bangka yang ikut kampanye", "19.01"),
    ],
)
def test_spelling_variants(text: str, expected: str) -> None:
    assert code_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lurah di Kecamatan Cibinong ikut kampanye", "32.01"),
        ("lurah di Kec. Lowokwaru ikut kampanye", "35.73"),
        ("asn kec. tj. priok ikut kampanye", "31.72"),
        ("lurah di Kelurahan Gambir ikut kampanye", "31.71"),
        ("kepala distrik Mimika Baru hadir di kampanye", "94.04"),
        ("staf kelurahan di Cengkareng ikut kampanye", "31.73"),
        ("pns ikut kampanye di ubud kemarin", "51.04"),
        ("lurah di Kecamatan Tambaksari, Surabaya ikut kampanye", "35.78"),
        ("PNS di Bogor Barat ikut kampanye", "32.71"),
        ("Kades di Desa Sukamaju, Kecamatan Cibeber, Cianjur bagi amplop", "32.03"),
        # a puskesmas, polsek or KUA is named after its kecamatan
        ("Kepala Puskesmas Tanjung Morawa mengarahkan bidan memilih paslon", "12.07"),
        # the kabupaten's short name settles a kecamatan found in two provinces
        ("ada honorer di kecamatan Lembang KBB yang jadi admin fanpage paslon", "32.17"),
    ],
)
def test_kecamatan_and_village_map_up(text: str, expected: str) -> None:
    assert code_of(text) == expected


def test_kecamatan_name_in_two_provinces_without_context_is_ambiguous() -> None:
    match = resolve("lurah di Kecamatan Tambaksari ikut kampanye")
    assert (match.code, match.ambiguous) == (None, True)
