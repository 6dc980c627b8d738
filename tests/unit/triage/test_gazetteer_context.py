"""Gazetteer rules of DOMAIN.md 4.3 on context: whose place, which field, what evidence."""

from __future__ import annotations

import time

import pytest

from schemas.reports import Channel
from services.triage.adapters.data_files import PACKAGED_DATA_DIR
from services.triage.adapters.gazetteer_files import read_gazetteer
from services.triage.domain.gazetteer.resolver import RegionMatch
from tests.unit.triage.gazetteer_support import code_of, resolve

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text",
    [
        "rapat di balai desa dan di aula kantor camat",
        "kades di desa kami bagi amplop ke warga",
        "pejabat itu memukul meja dengan palu saat rapat",
        "dia menjual batu bara sambil ajak pilih paslon",
        "pns jadi mitra kerja tim sukses paslon",
        "Pak Lingga ikut kampanye paslon nomor 2",
        "Ada baliho paslon di Jl. Sumatera dipasang oleh PNS",
        "Kepala desa dalam rapat minta warga pilih paslon",
        "PNS di Lebak Bulus ikut kampanye",
        "Metro TV memberitakan PNS ikut kampanye",
        "baliho paslon dipasang di batang pohon oleh pns",
        "camat hadir di puncak acara kampanye",
    ],
)
def test_everyday_words_are_no_places(text: str) -> None:
    assert code_of(text) is None


@pytest.mark.parametrize(
    ("text", "fields", "expected"),
    [
        ("ASN Pemkab Lumajang nyetak materi kampanye", {}, "35.08"),
        ("PNS di lingkungan Pemprov Lampung daftar bakal calon", {}, "18"),
        ("guru SMPN 2 Wonosobo ikut kampanye", {}, "33.07"),
        ("perawat RSUD Kabupaten Tabalong ikut kampanye", {}, "63.09"),
        ("staf Kantor Camat Ngaglik ikut kampanye", {}, "34.04"),
        ("staf Sekretariat DPRD Kabupaten Bantul ikut kampanye", {}, "34.02"),
        ("Kepala Dinas Pendidikan Kabupaten Klaten hadir kampanye", {}, "33.10"),
        (
            "Pegawai dinas ikut kampanye paslon",
            {"reported_agency": "Pemerintah Kota Bitung"},
            "71.72",
        ),
    ],
)
def test_government_of_the_subject(text: str, fields: dict[str, str], expected: str) -> None:
    assert code_of(text, **fields) == expected


class TestConductPlaceWins:
    def test_over_the_reporters_home(self) -> None:
        text = (
            "Saya warga Kota Cimahi, melaporkan kepala dinas yang berkampanye di Kabupaten Sumedang"
        )
        assert code_of(text) == "32.11"

    def test_over_where_the_reporter_lives(self) -> None:
        text = "Saya tinggal di Kabupaten Gresik. Kemarin camat ikut kampanye di Kota Surabaya"
        assert code_of(text) == "35.78"

    def test_location_field_over_the_text(self) -> None:
        text = "Saya warga Kota Semarang melihat camat ikut kampanye"
        assert code_of(text, location_text="Kabupaten Demak") == "33.21"

    def test_over_the_employer_in_the_text(self) -> None:
        assert code_of("ASN Pemkot Bekasi ikut kampanye di Kabupaten Karawang") == "32.15"

    def test_over_the_employer_field(self) -> None:
        text = "Kepala bidang ikut kampanye di Kota Magelang"
        assert code_of(text, reported_agency="Pemkab Sleman") == "33.71"

    def test_residents_of_a_village_are_no_reporter_address(self) -> None:
        text = "Saya warga Kota Bogor. Kades bagi sembako kepada warga Desa Cikahuripan, Kab. Bogor"
        assert code_of(text) == "32.01"

    def test_a_reporters_address_runs_over_several_places(self) -> None:
        text = (
            "Saya, warga Kecamatan Coblong, Kota Bandung, melaporkan Kepala Dinas "
            "Kabupaten Garut yang hadir kampanye."
        )
        assert code_of(text) == "32.05"

    def test_reporters_home_counts_when_it_is_the_only_place(self) -> None:
        match = resolve("Saya warga Kota Cimahi, ada camat ikut kampanye paslon")
        assert match.code == "32.77"
        assert match.confidence < 0.7

    def test_two_conduct_places_are_flagged(self) -> None:
        match = resolve("pns kampanye di Kabupaten Bogor, dan di Kota Depok")
        assert match.ambiguous


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sy lapor camat di kab. bone bolango bagi2 sembako", "75.03"),
        ("LAPOR, KADES DI KAB LOMBOK TENGAH BAGI AMPLOP", "52.02"),
        ("lurah kec tambaksari sby gk netral", None),
        ("asn di kota tasik pasang stiker paslon", "32.78"),
    ],
)
def test_sms_shorthand(text: str, expected: str | None) -> None:
    assert resolve(text, channel=Channel.SMS.value).code == expected


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("Batu", "35.79"),
        ("Jl. Merdeka No. 5, Kel. Sukajadi, Kec. Sukajadi, Kota Bandung", "32.73"),
        ("Rumah makan padang sederhana", None),
        ("Balai desa", None),
    ],
)
def test_location_field(location: str, expected: str | None) -> None:
    assert code_of("PNS ikut kampanye paslon", location_text=location) == expected


def test_nothing_known_is_none() -> None:
    match = resolve("Ada PNS yang tidak netral, mohon ditindak tegas.")
    assert match == RegionMatch(None, [], 0.0, False)


def test_evidence_quotes_the_report() -> None:
    text = "Seorang guru PNS ikut kampanye di Kab. Sampang kemarin sore"
    match = resolve(text)
    assert match.code == "35.27"
    [evidence] = match.evidence
    assert (evidence.field, evidence.label, evidence.source) == ("region_code", "35.27", "text")
    assert evidence.phrase == "Kab. Sampang"
    assert evidence.phrase in text


def test_build_is_fast_enough() -> None:
    started = time.process_time()
    read_gazetteer(PACKAGED_DATA_DIR)
    assert time.process_time() - started < 2.0
