"""Subject type: titles, negation, quotes, reporter self-description, seniority."""

from __future__ import annotations

import pytest

from schemas.reports import ReportContent
from schemas.triage import SubjectType as S
from services.triage.domain.subject import detect_subject
from services.triage.domain.text.lexicon import Lexicons

pytestmark = pytest.mark.unit

CASES: list[tuple[str, dict[str, str], S]] = [
    ("Camat Sukamaju hadir di kampanye.", {}, S.ASN),
    ("Seorang guru PPPK ikut kampanye.", {}, S.ASN),
    ("Kepala dinas sosial membagikan bansos.", {}, S.ASN),
    ("Sekda kabupaten hadir di deklarasi.", {}, S.ASN),
    ("Pegawai honorer di dinas itu posting dukungan.", {}, S.NON_ASN),
    ("Ada PTT di puskesmas yang pasang baliho.", {}, S.NON_ASN),
    ("GTT di SD itu ikut konvoi.", {}, S.NON_ASN),
    ("Tenaga kontrak kantor camat ikut kampanye.", {}, S.NON_ASN),
    ("Pj kades kami bagi amplop.", {}, S.VILLAGE),
    ("Sekdes dan perangkat desa lain ikut kampanye.", {}, S.VILLAGE),
    ("Ketua BPD ikut berorasi.", {}, S.VILLAGE),
    ("Plt Bupati melantik pejabat.", {}, S.REGIONAL_HEAD),
    ("Wakil wali kota hadir di deklarasi.", {}, S.REGIONAL_HEAD),
    ("Pjs gubernur memakai mobil dinas.", {}, S.REGIONAL_HEAD),
    ("Babinsa mendatangi rumah warga.", {}, S.TNI_POLRI),
    ("Oknum Bhabinkamtibmas foto bareng caleg.", {}, S.TNI_POLRI),
    ("Anggota TNI memasang baliho.", {}, S.TNI_POLRI),
    # candidates, places and audiences are not the subject
    ("Seorang guru honorer ikut kampanye paslon bupati.", {}, S.NON_ASN),
    ("Mobilnya diparkir di kantor camat, nomor polisinya jelas.", {}, S.UNKNOWN),
    ("Ada orang bagi amplop, gak tau PNS atau bukan.", {}, S.UNKNOWN),
    ("Akun 'Relawan ASN Bersatu' mengunggah dukungan.", {}, S.UNKNOWN),
    ("Identitas terlapor belum diketahui, disebut-sebut PNS.", {}, S.UNKNOWN),
    ("Ia bukan ASN, hanya warga biasa yang ikut kampanye.", {}, S.UNKNOWN),
    ("Saya ASN di dinas itu. Kepala desa kami bagi sembako.", {}, S.VILLAGE),
    ("Tetangga saya honorer di kecamatan ikut kampanye.", {}, S.NON_ASN),
    # bare occupations are public servants unless a status word says otherwise
    ("Seorang dokter di RSUD ikut konvoi kampanye.", {}, S.ASN),
    ("Staf kelurahan berstatus honorer itu posting dukungan.", {}, S.NON_ASN),
    ("Seorang perawat ikut deklarasi paslon. Ia masih tenaga kontrak.", {}, S.NON_ASN),
    ("Kades minta guru2 pilih paslon nomor 1.", {}, S.VILLAGE),
    ("Penyuluh KB honorer itu membagikan brosur saat penyuluhan.", {}, S.NON_ASN),
    ("Rektor universitas negeri itu membuka kampanye di auditorium.", {}, S.ASN),
    ("Seorang staf Kantor Kementerian Agama berfoto dengan caleg.", {}, S.ASN),
    ("Pegawai KPP Pratama ikut pawai kampanye.", {}, S.ASN),
    ("Sekretaris DPRD meminjamkan gedung dewan untuk rapat partai.", {}, S.ASN),
    ("Pendamping desa yang dikontrak Kemendes jadi tim sukses.", {}, S.NON_ASN),
    # a derived noun is no person: "perguruan tinggi", "fakultas kedokteran"
    ("Mahasiswa perguruan tinggi dan fakultas kedokteran ikut kampanye.", {}, S.UNKNOWN),
    # an offer's audience, the reporter's own job
    ("Promo pinjaman cepat khusus PNS, hubungi kami.", {}, S.UNKNOWN),
    ("Saya anggota Polri. Seorang kasi di kecamatan berorasi di panggung.", {}, S.ASN),
    # posts by abbreviation and regional name; ranks; relatives and former holders
    ("Staf ahli bupati jadi tim sukses paslon.", {}, S.ASN),
    ("Kadisdik dan sekdis PUPR hadir di deklarasi paslon.", {}, S.ASN),
    ("wakasek SMAN 1 ikut kampanye paslon", {}, S.ASN),
    ("Kelian dinas di banjar kami ikut kampanye paslon.", {}, S.VILLAGE),
    ("Datok penghulu ikut kampanye paslon.", {}, S.VILLAGE),
    ("Guru sukwan di SD itu ikut kampanye paslon.", {}, S.NON_ASN),
    ("Seorang Bripka dari polsek setempat ikut kampanye.", {}, S.TNI_POLRI),
    ("Istri bupati membagikan sembako paslon.", {}, S.UNKNOWN),
    ("Mantan kades ikut kampanye paslon.", {}, S.UNKNOWN),
    # a source or a guest is not the actor
    ("Menurut camat, kades itu memang hadir di kampanye.", {}, S.VILLAGE),
    ("Kami guru PPPK melaporkan kepala desa yang membagikan amplop.", {}, S.VILLAGE),
    # a bare occupation in the position field leaves the status to the text
    (
        "Ia ikut kampanye paslon. Statusnya masih honorer.",
        {"reported_position": "Guru SD"},
        S.NON_ASN,
    ),
    (
        "Yudi tenaga honorer di Satpol PP ikut konvoi.",
        {"reported_position": "Anggota Satpol PP"},
        S.NON_ASN,
    ),
    ("Yudi ikut konvoi kampanye.", {"reported_position": "Anggota Satpol PP"}, S.ASN),
    ("Ia sudah PPPK, ikut kampanye.", {"reported_position": "Guru"}, S.ASN),
    ("Dalam kampanye yang dihadiri Bupati, seorang camat ikut berorasi.", {}, S.ASN),
    ("Ada pejabat yang tidak netral tapi pelapor tidak bisa menyebutkan siapa.", {}, S.UNKNOWN),
    ("Guru PPPK itu pasang twibbon.", {}, S.ASN),
    ("Kepala UPT puskesmas mengarahkan pegawainya.", {}, S.ASN),
    ("kpl sekolah suruh guru pilih paslon", {}, S.ASN),
    # most senior office of the main actor
    ("Bupati mengumpulkan para camat dan lurah untuk memenangkan paslon.", {}, S.REGIONAL_HEAD),
    ("Camat mengumpulkan para kepala desa dan meminta memilih paslon.", {}, S.ASN),
    ("Kepala dinas mengumpulkan PNS dan honorer lalu meminta memilih paslon.", {}, S.ASN),
    # the candidate pair is not the subject; a topic ("netralitas ASN") names nobody
    ("Dalam deklarasi calon bupati dan wakil bupati, kasi dinas sosial berpidato.", {}, S.ASN),
    ("Perihal: pelanggaran netralitas ASN. Kepala desa kami membagikan amplop.", {}, S.VILLAGE),
    ("Kepala DPMPTSP menahan izin kampanye paslon.", {}, S.ASN),
    # a legislator or party official as main actor is none of the types
    ("Anggota DPRD itu membagikan uang saat reses. Kades setempat membenarkan.", {}, S.UNKNOWN),
    ("Ketua DPC partai mengumpulkan para kepala desa. Beberapa kades setuju.", {}, S.UNKNOWN),
    ("Anggota DPRD bersama camat membagikan sembako paslon.", {}, S.ASN),
    # a title outranks a bare status word beside it
    ("Pj Kades kami, yang sehari-hari PNS di kantor camat, berfoto dengan calon.", {}, S.VILLAGE),
    ("Penyuluh berstatus PNS itu masuk daftar calon anggota DPRD.", {}, S.ASN),
    # a hypothetical names nobody
    ("Kalau nanti ada kepala desa yang ikut kampanye, ke mana saya melapor?", {}, S.UNKNOWN),
    # structured fields win over the text
    ("Terlapor hadir di kampanye.", {"reported_position": "Kepala Desa"}, S.VILLAGE),
    ("Terlapor hadir di kampanye.", {"reported_position": "Staf (PPNPN)"}, S.NON_ASN),
    ("Terlapor hadir di kampanye.", {"reported_agency": "Polres Garut"}, S.UNKNOWN),
]


@pytest.mark.parametrize(("text", "fields", "expected"), CASES)
def test_subject_type(lexicons: Lexicons, text: str, fields: dict[str, str], expected: S) -> None:
    content = ReportContent.model_validate({"channel": "sms", "text": text, **fields})
    assert detect_subject(lexicons, content).type == expected


def test_position_and_text_disagreeing_is_a_conflict(lexicons: Lexicons) -> None:
    content = ReportContent(
        channel="web", text="Kepala desa itu ikut kampanye paslon.", reported_position="Camat"
    )
    result = detect_subject(lexicons, content)
    assert result.type == S.ASN and result.conflict


def test_evidence_names_phrase_and_source(lexicons: Lexicons) -> None:
    content = ReportContent(channel="web", text="Ada lurah ikut kampanye paslon.")
    (evidence,) = detect_subject(lexicons, content).evidence
    assert (evidence.phrase, evidence.source, evidence.label) == ("lurah", "text", "ASN")
