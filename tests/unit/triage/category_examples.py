"""One or more invented reports per category, in every register (formal, hotline, SMS, chat).

Each names the categories it must yield; test_triage_categories.py runs them.
"""

from __future__ import annotations

from schemas.triage import Category as C

PER_CATEGORY: list[tuple[str, set[C]]] = [
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
]
