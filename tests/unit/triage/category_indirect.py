"""Invented reports for the issue-13 lexicon classes: indirect mobilisation, threats tying
a job, contract, benefit or service to a vote, a civil servant in a candidate's chat group.
Written for these word families; test_triage_categories.py runs them with the others."""

from __future__ import annotations

from schemas.triage import Category as C

INDIRECT: list[tuple[str, set[C]]] = [
    # asking for support
    (
        "Dalam apel pagi, Sekcam meminta dukungan seluruh staf untuk cabup petahana.",
        {C.MOBILIZATION},
    ),
    ("kadis titip suara ke kami buat paslon 1, katanya biar programnya lanjut", {C.MOBILIZATION}),
    # securing votes, hinting whom to choose
    (
        "Camat bilang ke para kades: kalian harus amankan suara di desa masing-masing untuk "
        "paslon 3.",
        {C.MOBILIZATION},
    ),
    (
        "Kepala sekolah berpesan ke guru-guru jangan salah pilih nanti di pilkada, yang sudah "
        "membangun sekolah ini kan jelas orangnya.",
        {C.MOBILIZATION},
    ),
    # a job, contract or post tied to the vote
    (
        "Honorer di dinas kami diberi tahu kontrak tahun depan tergantung paslon 2 menang atau "
        "tidak.",
        {C.MOBILIZATION},
    ),
    (
        "Kepala bidang bilang, siapa yang tidak dukung calon bupati petahana siap-siap "
        "dipindahkan ke pelosok.",
        {C.MOBILIZATION},
    ),
    (
        "Sekdis mendata pilihan para pegawai menjelang pemilihan gubernur.",
        {C.MOBILIZATION},
    ),
    # making a candidate win, without "pilih" (session 12)
    (
        "Kasi di kecamatan bilang ke ketua RT supaya cabup petahana menang di wilayahnya.",
        {C.MOBILIZATION},
    ),
    # a benefit or service withdrawn for the choice
    (
        "Kades menghapus nama warga yang beda pilihan dari daftar penerima bantuan beras "
        "setelah pilkada.",
        {C.FAVORING_DECISION},
    ),
    # a civil servant in a candidate's chat group
    (
        "Seorang penyuluh PNS tergabung di grup WA relawan paslon nomor 2 dan rutin mengirim "
        "info kegiatan calon.",
        {C.SOCIAL_MEDIA_SUPPORT},
    ),
    # session 13: a career promised to those who deliver the vote is the lure, not a move
    (
        "Kabag menjanjikan promosi bagi staf yang berhasil memenangkan paslon 1 di unitnya.",
        {C.MOBILIZATION},
    ),
    # a number shown with the hand, not with a named gesture
    (
        "Guru PNS foto bareng timses cabup, tangannya membentuk angka dua.",
        {C.PARTISAN_GESTURE},
    ),
]
