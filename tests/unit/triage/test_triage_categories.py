"""Category classifier on invented reports in every register (formal, hotline, SMS, chat).

Every lexicon pattern must be exercised by at least one example here
(`test_every_lexicon_pattern_has_an_example`), so a new rule needs a new example.
"""

from __future__ import annotations

import pytest

from schemas.triage import Category as C
from services.triage.domain.category import Classification, classify
from services.triage.domain.text.lexicon import Lexicons

pytestmark = pytest.mark.unit

EXAMPLES: list[tuple[str, set[C]]] = [
    # PERSONNEL_CHANGE
    (
        "Plt Walikota mengganti Kepala Dinas Pendidikan pada masa larangan mutasi.",
        {C.PERSONNEL_CHANGE},
    ),
    (
        "Kami melaporkan Bupati yang melantik 30 pejabat eselon IV bulan lalu, padahal sudah masuk "
        "masa enam bulan sebelum penetapan paslon dan tanpa izin Mendagri.",
        {C.PERSONNEL_CHANGE},
    ),
    (
        "pj walkot mutasi bbrp camat minggu kmrn, ini kan melanggar pasal 71 ayat 2 uu pilkada",
        {C.PERSONNEL_CHANGE},
    ),
    (
        "Wali kota memberhentikan lima kepala sekolah dan mengangkat pejabat baru tanpa rekomendasi "
        "Kementerian Dalam Negeri, dua bulan sebelum penetapan calon.",
        {C.PERSONNEL_CHANGE},
    ),
    # MONEY_POLITICS
    (
        "Kepala dinas memberi bingkisan kepada pegawai sambil menitipkan pesan agar memilih paslon.",
        {C.MONEY_POLITICS},
    ),
    ("guru pns transfer 100rb ke wali murid, katanya dr paslon no 3", {C.MONEY_POLITICS}),
    (
        "Kades mentraktir warga makan di warung sambil minta pilih paslon 2.",
        {C.MONEY_POLITICS, C.MOBILIZATION},
    ),
    (
        "Usai pertemuan di rumah caleg itu, ibu-ibu pengajian pulang membawa uang yang katanya dari "
        "kepala desa.",
        {C.MONEY_POLITICS},
    ),
    (
        "Kepala sekolah menjanjikan bonus kepada guru yang suaranya menang di TPS untuk paslon 2.",
        {C.MONEY_POLITICS},
    ),
    (
        "Menjelang hari tenang, seorang lurah membagikan uang Rp100.000 per kepala keluarga agar "
        "memilih calon bupati nomor urut 2.",
        {C.MONEY_POLITICS},
    ),
    ("lapor, ada serangan fajar td subuh di kampung kami, pelakunya guru pns", {C.MONEY_POLITICS}),
    (
        "Bu camat ngasih sarung & kerudung ke ibu2 pengajian, katanya titipan dari caleg partai X",
        {C.MONEY_POLITICS},
    ),
    (
        "Staf dinas membagi-bagikan kupon minyak goreng sambil bilang salam dari paslon nomor 3.",
        {C.MONEY_POLITICS},
    ),
    # FAVORING_DECISION
    (
        "Izin keramaian diprioritaskan untuk kelompok relawan paslon petahana, acara kubu lain ditunda.",
        {C.FAVORING_DECISION},
    ),
    (
        "Kepala dinas sosial hanya menyalurkan bansos kepada warga yang mendukung paslon petahana.",
        {C.FAVORING_DECISION},
    ),
    (
        "Penelepon menyampaikan bahwa namanya dicoret dari daftar penerima bantuan karena tidak mau "
        "memilih calon wali kota yang didukung lurah.",
        {C.FAVORING_DECISION},
    ),
    (
        "lurah tdk mau kasih surat keterangan ke warga yg pasang spanduk caleg lain",
        {C.FAVORING_DECISION},
    ),
    (
        "Pengurusan izin usaha warga dipersulit oleh camat karena warga itu relawan paslon nomor 1.",
        {C.FAVORING_DECISION},
    ),
    (
        "Bantuan sosial beras untuk korban banjir ditempeli logo paslon nomor 2.",
        {C.FAVORING_DECISION},
    ),
    (
        "Kepala dusun mengancam warga yang tidak memilih paslon 1 tidak akan dapat jatah raskin.",
        {C.FAVORING_DECISION, C.MOBILIZATION},
    ),
    (
        "Lurah bilang RT yang tidak memenangkan paslon 2 dana operasionalnya dipotong.",
        {C.FAVORING_DECISION},
    ),
    ("Camat menolak memberikan izin tempat kampanye untuk paslon nomor 2.", {C.FAVORING_DECISION}),
    # STATE_FACILITY
    (
        "Bupati meresmikan jalan desa yang dibangun dengan APBD sambil meminta warga memilih kembali dirinya.",
        {C.STATE_FACILITY, C.MOBILIZATION},
    ),
    ("Lurah menggelar pertemuan relawan paslon di aula kelurahan.", {C.STATE_FACILITY}),
    (
        "Dana BOS dipakai kepala sekolah untuk mencetak kaos paslon.",
        {C.STATE_FACILITY, C.CAMPAIGN_PROPS},
    ),
    (
        "Kades memakai mobil siaga desa untuk mengangkut massa kampanye.",
        {C.STATE_FACILITY, C.MOBILIZATION},
    ),
    (
        "Kepala sekolah mengizinkan gedung auditorium kampus dipakai kampanye caleg.",
        {C.STATE_FACILITY},
    ),
    (
        "Sekwan meminjamkan ruang rapat gedung DPRD untuk konsolidasi partai pengusung paslon.",
        {C.STATE_FACILITY},
    ),
    (
        "Mobil dinas Dinas Perhubungan terlihat dipakai mengangkut konsumsi kampanye paslon gubernur.",
        {C.STATE_FACILITY},
    ),
    (
        "Aula kantor kecamatan dipinjamkan untuk rapat tim sukses caleg pada malam hari.",
        {C.STATE_FACILITY},
    ),
    (
        "Seorang PNS memakai komputer kantor untuk mendesain brosur caleg pada jam kerja.",
        {C.STATE_FACILITY},
    ),
    # MOBILIZATION
    (
        "Kepala dinas menggelar rapat dengan para kabid untuk memenangkan paslon nomor 2.",
        {C.MOBILIZATION},
    ),
    (
        "Bidan puskesmas berpesan kepada ibu-ibu peserta posyandu agar jangan lupa coblos nomor 3.",
        {C.MOBILIZATION},
    ),
    ("pak kades bilang ke warga jgn pilih paslon sebelah", {C.MOBILIZATION}),
    ("Lurah mengangkut warga dengan truk ke lokasi kampanye paslon nomor 1.", {C.MOBILIZATION}),
    ("kadus ngajak pemuda kampung ke rumah cabup buat silaturahmi", {C.MOBILIZATION}),
    (
        "Kades menyampaikan ajakan kepada warga dusun dan para tamu undangan agar memilih calon "
        "bupati nomor 3.",
        {C.MOBILIZATION},
    ),
    ("Camat menyarankan para pemohon KTP memilih paslon nomor urut 2.", {C.MOBILIZATION}),
    (
        "Kepala BKPSDM mengancam akan memutasi pegawai yang tidak mendukung paslon petahana.",
        {C.MOBILIZATION},
    ),
    (
        "Kepala sekolah menyuruh para guru mengarahkan orang tua murid agar mencoblos paslon nomor 2.",
        {C.MOBILIZATION},
    ),
    (
        "Camat mengancam akan memindahkan staf yang tidak ikut mendukung calon bupati petahana.",
        {C.MOBILIZATION},
    ),
    (
        "Kadis ngumpulin semua pegawai honorer di rumahnya trus minta mereka milih paslon no 1",
        {C.MOBILIZATION},
    ),
    # CAMPAIGN_TEAM
    ("Kapolsek ikut memberi arahan strategi kepada tim sukses paslon.", {C.CAMPAIGN_TEAM}),
    (
        "Wakil bupati itu duduk sebagai dewan pengarah tim pemenangan paslon gubernur.",
        {C.CAMPAIGN_TEAM},
    ),
    (
        "Seorang ASN tercatat sebagai ketua tim pemenangan paslon bupati di tingkat kecamatan.",
        {C.CAMPAIGN_TEAM},
    ),
    ("Guru PPPK di desa kami menjadi juru kampanye caleg DPRD provinsi.", {C.CAMPAIGN_TEAM}),
    (
        "Sekdes keliling minta fotokopi KTP warga buat syarat dukungan calon perseorangan.",
        {C.CAMPAIGN_TEAM},
    ),
    # PARTY_MEMBERSHIP_CANDIDACY
    (
        "Seorang PNS dinas kesehatan diketahui menjadi pengurus DPD partai di tingkat kabupaten.",
        {C.PARTY_MEMBERSHIP_CANDIDACY},
    ),
    (
        "pns di kantor kami nyaleg lwt partai, namanya udh di dcs tp blm mundur",
        {C.PARTY_MEMBERSHIP_CANDIDACY},
    ),
    (
        "Guru PNS itu punya KTA partai dan sering ke sekretariat partai.",
        {C.PARTY_MEMBERSHIP_CANDIDACY},
    ),
    (
        "Kepala bidang itu ikut penjaringan bakal calon bupati dan masih aktif sebagai ASN.",
        {C.PARTY_MEMBERSHIP_CANDIDACY},
    ),
    # CAMPAIGN_ACTIVITY
    (
        "kades dtg ke acara 'ngopi bareng' cabup no 1 di cafe, duduk semeja sama cabup",
        {C.CAMPAIGN_ACTIVITY},
    ),
    ("Kasi trantib ikut dalam rombongan blusukan paslon bupati ke pasar.", {C.CAMPAIGN_ACTIVITY}),
    ("Kasi kesra hadir dalam peresmian posko pemenangan caleg partai X.", {C.CAMPAIGN_ACTIVITY}),
    (
        "Camat turut hadir dalam deklarasi paslon wali kota di hotel pada hari Sabtu.",
        {C.CAMPAIGN_ACTIVITY},
    ),
    (
        "Penelepon melihat kepala puskesmas berpidato di panggung kampanye calon gubernur.",
        {C.CAMPAIGN_ACTIVITY},
    ),
    (
        "bbrp guru pns ikut konvoi kampanye paslon no 2 keliling kota pake motor",
        {C.CAMPAIGN_ACTIVITY},
    ),
    (
        "Seorang lurah hadir pada kampanye terbuka caleg partai di lapangan desa.",
        {C.CAMPAIGN_ACTIVITY},
    ),
    # CAMPAIGN_PROPS
    ("Staf kecamatan nyebar brosur caleg di pasar.", {C.CAMPAIGN_PROPS}),
    ("ASN dinas pertanian memasang baliho caleg di depan rumahnya.", {C.CAMPAIGN_PROPS}),
    ("Guru pns itu pake kaos bergambar paslon no 1 waktu ngajar 😤", {C.CAMPAIGN_PROPS}),
    ("Kades menempelkan stiker calon bupati di angkot-angkot desa.", {C.CAMPAIGN_PROPS}),
    # PARTISAN_GESTURE
    (
        "Foto kades berpose dua jari di depan kantor desa beredar di media sosial.",
        {C.PARTISAN_GESTURE},
    ),
    (
        "Foto camat merangkul calon wali kota beredar di grup WA warga.",
        {C.PARTISAN_GESTURE},
    ),
    (
        "Beredar foto camat berpose dua jari bersama calon gubernur di sebuah kafe.",
        {C.PARTISAN_GESTURE},
    ),
    ("ada foto pak lurah selfie bareng caleg di acara nikahan", {C.PARTISAN_GESTURE}),
    (
        "Kepala dinas tertangkap kamera mengacungkan salam tiga jari saat upacara.",
        {C.PARTISAN_GESTURE},
    ),
    # SOCIAL_MEDIA_SUPPORT
    (
        "Seorang PNS rutin mengunggah video dukungan untuk paslon nomor 2 di akun TikTok miliknya.",
        {C.SOCIAL_MEDIA_SUPPORT},
    ),
    (
        "guru honorer ganti foto profil pake twibbon paslon, trus komentar dukungan di ig cagub",
        {C.SOCIAL_MEDIA_SUPPORT},
    ),
    (
        "Kepala seksi membagikan ulang konten kampanye caleg di grup Facebook pendukung.",
        {C.SOCIAL_MEDIA_SUPPORT},
    ),
    ("Lurah itu pasang status WA ajakan milih paslon no 3 tiap hari", {C.SOCIAL_MEDIA_SUPPORT}),
    # several at once: precedence decides the primary
    (
        "Camat memakai mobil dinas ke kampanye akbar paslon dan ikut berorasi di panggung.",
        {C.STATE_FACILITY, C.CAMPAIGN_ACTIVITY},
    ),
    (
        "Kades bagi2 amplop di acara kampanye terbuka caleg, trus foto bareng calegnya pose 2 jari",
        {C.MONEY_POLITICS, C.CAMPAIGN_ACTIVITY, C.PARTISAN_GESTURE},
    ),
    # typo tolerance
    ("guru pns ikut kampaye paslon bupati di lapangan", {C.CAMPAIGN_ACTIVITY}),
    ("ASN itu masuk SK tim pemenagan cabup sebagai korlap", {C.CAMPAIGN_TEAM}),
    # OUT_OF_SCOPE: service complaints, private disputes, spam, too vague
    (
        "Pelayanan di kantor kelurahan sangat lambat, saya sudah antre tiga jam untuk surat pindah.",
        {C.OUT_OF_SCOPE},
    ),
    ("Tetangga saya yang PNS sering parkir mobil di depan pagar rumah saya.", {C.OUT_OF_SCOPE}),
    (
        "SELAMAT anda pemenang undian berhadiah pemilu, hubungi nomor ini segera!!!",
        {C.OUT_OF_SCOPE},
    ),
    # patterns added for the holdout failures (fresh sentences, not holdout text)
    (
        "Konsumsi acara pemenangan caleg itu dibiayai dari dana BOS sekolah yang dikelola kepsek.",
        {C.STATE_FACILITY},
    ),
    (
        "Bidan puskesmas meninggalkan tugas saat jam pelayanan demi menonton debat paslon di kafe.",
        {C.STATE_FACILITY},
    ),
    (
        "Pak camat ngajakin para ketua RT dan warganya coblos calon nomor 4 waktu arisan.",
        {C.MOBILIZATION},
    ),
    (
        "kasi pemerintahan desa jd korcam relawan cagub, sy ada bukti chatnya",
        {C.CAMPAIGN_TEAM},
    ),
    (
        "Seorang kepala sekolah menggelar silaturahmi paslon gubernur dengan komite sekolah di rumahnya.",
        {C.CAMPAIGN_ACTIVITY},
    ),
    (
        "Lurah itu naik panggung dan memperkenalkan paslon wali kota kepada ibu-ibu PKK.",
        {C.CAMPAIGN_ACTIVITY},
    ),
    (
        "Staf dinas meneruskan pamflet caleg ke grup WhatsApp RT dan memasang status dukungan.",
        {C.SOCIAL_MEDIA_SUPPORT},
    ),
    (
        "Guru PPPK itu jadi admin grup relawan capres dan tiap malam menyebar konten kampanye.",
        {C.SOCIAL_MEDIA_SUPPORT},
    ),
    # an incumbent asking to be chosen again is election context without naming the race
    (
        "Wali kota meminta para pedagang pasar memilih kembali dirinya saat peresmian los baru.",
        {C.MOBILIZATION},
    ),
    # ordering people to a campaign event is mobilisation, attending it is the activity
    (
        "Kepala SMA itu mewajibkan semua guru, PNS maupun honorer, menghadiri kampanye akbar "
        "cawalkot dan ia sendiri ikut hadir di lokasi kampanye.",
        {C.MOBILIZATION, C.CAMPAIGN_ACTIVITY},
    ),
    # a service withheld from one candidate's side, granted to the rival's
    (
        "Kepala dinas perizinan menahan izin keramaian untuk kampanye paslon 1, sedangkan izin "
        "untuk pasangan calon lain langsung terbit.",
        {C.FAVORING_DECISION},
    ),
    # "pilih nomor 2" names the race without any other election word
    ("guru honorer sdn 3 ajak murid pilih no 2", {C.MOBILIZATION}),
    # a defamation complaint repeats the accusation but reports no conduct
    (
        "Akun tanpa nama menyebar tuduhan di Facebook bahwa saya ikut kampanye caleg. Saya ingin "
        "melaporkan pencemaran nama baik ini.",
        {C.OUT_OF_SCOPE},
    ),
    ("katanya bnyk pns di kota ini gk netral pas pilkada, tolong diawasi", {C.OUT_OF_SCOPE}),
    (
        "Sengketa warisan dengan saudara saya yang bekerja di kantor pemerintah, tidak terkait pemilu.",
        {C.OUT_OF_SCOPE},
    ),
    # "ayo menangkan no 2": a vote call is election context on its own
    ('kabid dinkes posting di fb "ayo menangkan no 2"', {C.SOCIAL_MEDIA_SUPPORT}),
    ("Camat mengirim pesan WhatsApp ke warga agar memilih paslon 2.", {C.SOCIAL_MEDIA_SUPPORT}),
]

NEGATED: list[tuple[str, C]] = [
    ("Camat berfoto di depan kantor desa dengan kaos paslon.", C.STATE_FACILITY),
    # a private venue is no state facility
    ("PNS Dinas PU hadir dalam kampanye caleg di gedung olahraga milik swasta.", C.STATE_FACILITY),
    # what colleagues did is not the subject's conduct
    (
        "Banyak teman yang membagikan konten kampanye calon bupati di Facebook.",
        C.SOCIAL_MEDIA_SUPPORT,
    ),
    # no candidate in the frame: a campaign song, a candidate's picture
    (
        "Akun TikTok seorang guru PPPK mengunggah video joget dengan lagu kampanye paslon.",
        C.PARTISAN_GESTURE,
    ),
    # the backdrop of a photo, the host of a meeting: not the subject's props or party role
    (
        "Dalam foto yang beredar, kepala puskesmas berpose satu jari di samping baliho paslon.",
        C.CAMPAIGN_PROPS,
    ),
    (
        "Sekdes hadir dalam rapat konsolidasi pemenangan paslon di rumah ketua partai.",
        C.PARTY_MEMBERSHIP_CANDIDACY,
    ),
    # a threatened transfer is a threat, not a transfer; someone else's team role
    (
        "Kepala BKPSDM mengancam akan memutasi pegawai yang tidak mendukung paslon petahana.",
        C.PERSONNEL_CHANGE,
    ),
    ("Camat memotong pita bersama ketua tim pemenangan paslon nomor 2.", C.CAMPAIGN_TEAM),
    ("Wakil bupati jadi dewan pengarah tim pemenangan paslon gubernur.", C.MOBILIZATION),
    ("Camat datang ke lokasi tapi tidak ikut kampanye paslon, hanya lewat.", C.CAMPAIGN_ACTIVITY),
    ("Anggota polisi itu hadir tanpa seragam dinas di acara keluarga paslon.", C.STATE_FACILITY),
    ("Warga yang pasang baliho paslon di depan kantor desa dimarahi kades.", C.CAMPAIGN_PROPS),
    ("Foto camat itu diunggah oleh akun relawan paslon ke Facebook.", C.SOCIAL_MEDIA_SUPPORT),
    # content about a campaign is not the campaign event
    (
        "Kasi kesra mengunggah video berjoget diiringi lagu kampanye paslon ke TikTok.",
        C.CAMPAIGN_ACTIVITY,
    ),
    ("PNS itu ikut mengomentari unggahan kampanye cagub di Instagram.", C.CAMPAIGN_ACTIVITY),
    # an official leaving for a trip is not a promotion ("keberangkatan" is not "angkat")
    ("Keberangkatan rombongan pegawai ke kampanye paslon pakai bus sewaan.", C.PERSONNEL_CHANGE),
    # a prize in a spam message is not money politics
    ("Anda mendapatkan hadiah Rp 25jt dari undian pemilu, klik tautan ini.", C.MONEY_POLITICS),
    (
        "Lurah itu bukan pengurus partai, hanya pernah ikut rapat warga soal caleg.",
        C.PARTY_MEMBERSHIP_CANDIDACY,
    ),
    # off duty: "di luar jam kerja", "usai jam kantor"
    (
        "Bupati mengumpulkan kepala OPD di restoran di luar jam kerja, minta pilih paslon.",
        C.STATE_FACILITY,
    ),
    # a video of a speech, a campaign schedule: content, not giving a speech
    ("PNS itu membagikan jadwal kampanye dan video orasi calon di Facebook.", C.CAMPAIGN_ACTIVITY),
    # hypotheticals and questions of what is allowed report nothing that happened
    (
        "Seandainya kepala dinas menyuruh kami hadir di kampanye, apakah boleh menolak?",
        C.MOBILIZATION,
    ),
    ("Kalau nanti ada kepala desa yang ikut kampanye, ke mana saya melapor?", C.CAMPAIGN_ACTIVITY),
    ("Apakah ASN boleh menyukai unggahan calon bupati di Facebook?", C.SOCIAL_MEDIA_SUPPORT),
    ("Ada tuduhan bahwa lurah menjadi tim sukses paslon 2, mohon dicek.", C.CAMPAIGN_TEAM),
]


def run(lexicons: Lexicons, text: str) -> Classification:
    tokens = lexicons.normaliser.tokens(text)
    return classify(lexicons, tokens, lexicons.index.find(tokens))


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_example_categories(lexicons: Lexicons, text: str, expected: set[C]) -> None:
    result = run(lexicons, text)
    assert set(result.categories) == expected, [e.phrase for e in result.evidence]
    assert result.category == next(c for c in C if c in expected)


@pytest.mark.parametrize(("text", "absent"), NEGATED)
def test_negated_or_third_party_conduct_is_not_counted(
    lexicons: Lexicons, text: str, absent: C
) -> None:
    assert absent not in run(lexicons, text).categories


def test_every_lexicon_pattern_has_an_example(lexicons: Lexicons) -> None:
    seen = set().union(*(run(lexicons, text).patterns for text, _ in EXAMPLES))
    defined = {p.id for rules in lexicons.categories.values() for p in rules.patterns}
    assert defined - seen == set()


def test_evidence_names_the_matched_phrase(lexicons: Lexicons) -> None:
    result = run(lexicons, "Kades bagi2 amplop ke warga, titipan dr paslon no 2")
    phrases = {e.phrase for e in result.evidence if e.label == C.MONEY_POLITICS}
    assert "amplop" in phrases


def test_confidence_grows_with_independent_evidence(lexicons: Lexicons) -> None:
    one = run(lexicons, "Camat hadir di kampanye paslon nomor 2.")
    two = run(lexicons, "Camat hadir di kampanye terbuka paslon nomor 2 dan berorasi di panggung.")
    assert 0 < one.confidence < two.confidence <= 1


def test_out_of_scope_is_confident_without_election_words(lexicons: Lexicons) -> None:
    clear = run(lexicons, "Jalan desa rusak parah dan belum diperbaiki dinas terkait.")
    vague = run(lexicons, "Ada PNS yang tidak netral di pemilu, tolong ditindak.")
    assert clear.category == vague.category == C.OUT_OF_SCOPE
    assert clear.confidence > vague.confidence
    assert vague.election_context and not clear.election_context
