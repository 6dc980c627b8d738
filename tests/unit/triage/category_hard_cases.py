"""Reports that test the classifier's judgement: several categories, typos, out of scope,
negation, third parties, hypotheticals, content about a campaign.
"""

from __future__ import annotations

from schemas.triage import Category as C

MIXED_AND_HARD: list[tuple[str, set[C]]] = [
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
