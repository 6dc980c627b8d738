"""Citizen portal texts: Bahasa Indonesia first, English beside it."""

from __future__ import annotations

from schemas.citizen_status import Lang

TEXT: dict[str, dict[Lang, str]] = {
    "title": {"id": "Lapor Netralitas ASN", "en": "Report an ASN-neutrality breach"},
    "field_error": {"id": "Kesalahan", "en": "Error"},
    "intro": {
        "id": "Laporkan dugaan pelanggaran netralitas ASN, kepala desa, atau pejabat dalam pemilu "
        "dan pilkada. Identitas Anda dienkripsi dan hanya dibuka petugas yang berwenang.",
        "en": "Report a suspected neutrality breach by a civil servant, village head or official "
        "in an election. Your identity is encrypted and only opened by authorised staff.",
    },
    "what": {"id": "Apa yang terjadi?", "en": "What happened?"},
    "text_hint": {
        "id": "Siapa, melakukan apa, kapan, di mana, dan bukti yang Anda miliki.",
        "en": "Who did what, when, where, and what evidence you have.",
    },
    "location_text": {"id": "Lokasi kejadian", "en": "Where it happened"},
    "occurred_on": {"id": "Tanggal kejadian", "en": "Date it happened"},
    "known_on": {"id": "Tanggal Anda mengetahui", "en": "Date you learned of it"},
    "reported": {"id": "Pihak yang dilaporkan", "en": "Who is reported"},
    "reported_name": {"id": "Nama", "en": "Name"},
    "reported_position": {"id": "Jabatan", "en": "Position"},
    "reported_agency": {"id": "Instansi", "en": "Agency"},
    "reporter": {"id": "Identitas pelapor", "en": "Your details"},
    "anonymous": {
        "id": "Saya ingin anonim (laporan anonim tidak dapat diregistrasi, tetapi tetap dapat "
        "menjadi informasi awal temuan Bawaslu)",
        "en": "Stay anonymous (an anonymous report cannot be registered, but can still start a "
        "Bawaslu finding)",
    },
    "name": {"id": "Nama lengkap", "en": "Full name"},
    "phone": {"id": "Nomor telepon/WhatsApp", "en": "Phone/WhatsApp"},
    "email": {"id": "Email", "en": "Email"},
    "address": {"id": "Alamat", "en": "Address"},
    "wants_updates": {"id": "Kabari saya perkembangan laporan", "en": "Send me updates"},
    "evidence_text": {"id": "Daftar bukti", "en": "List of evidence"},
    "evidence_text_hint": {
        "id": "Misalnya: foto spanduk, rekaman video, tangkapan layar, dokumen.",
        "en": "For example: photo of a banner, video recording, screenshot, document.",
    },
    "evidence": {"id": "Lampiran bukti (berkas)", "en": "Evidence files"},
    "evidence_hint": {
        "id": "Foto, PDF, rekaman suara atau video; paling banyak {files} berkas, masing-masing "
        "paling besar {mb} MB. Data kamera dan lokasi (EXIF/GPS) dihapus dari foto.",
        "en": "Photos, PDF, audio or video; at most {files} files of up to {mb} MB each. Camera "
        "and location data (EXIF/GPS) are removed from photos.",
    },
    "keep_location": {
        "id": "Simpan lokasi GPS pada foto (membantu membuktikan tempat kejadian, tetapi dapat "
        "menunjukkan di mana Anda berada)",
        "en": "Keep the photos' GPS location (helps prove where it happened, but can show where "
        "you were)",
    },
    "witnesses": {"id": "Saksi", "en": "Witnesses"},
    "witnesses_hint": {
        "id": "Orang yang melihat atau mengetahui kejadian. Data saksi dienkripsi seperti data "
        "pelapor.",
        "en": "People who saw or know of it. Their details are encrypted like yours.",
    },
    "witness_name": {"id": "Nama saksi {n}", "en": "Witness {n}: name"},
    "witness_contact": {
        "id": "Kontak saksi {n} (telepon atau alamat)",
        "en": "Witness {n}: contact (phone or address)",
    },
    "filing": {"id": "Cara melapor", "en": "How you file"},
    "filing_identified": {"id": "Dengan identitas", "en": "With my name"},
    "filing_identified_means": {
        "id": "Laporan dapat diregistrasi dan Anda dapat dipanggil untuk klarifikasi. Identitas "
        "Anda dapat diketahui pihak terlapor dalam proses pemeriksaan.",
        "en": "The report can be registered and you may be called to clarify it. The reported "
        "party may learn who you are during the examination.",
    },
    "filing_confidential": {"id": "Rahasia", "en": "Confidential"},
    "filing_confidential_means": {
        "id": "Laporan dapat diregistrasi; nama Anda hanya dibuka petugas yang berwenang dan tidak "
        "diberitahukan kepada pihak terlapor.",
        "en": "The report can be registered; only authorised staff open your name, and it is not "
        "given to the reported party.",
    },
    "filing_anonymous": {"id": "Anonim", "en": "Anonymous"},
    "filing_anonymous_means": {
        "id": "Tanpa nama: laporan tidak dapat diregistrasi, tetapi dapat menjadi informasi awal "
        "temuan Bawaslu. Kami tidak dapat menghubungi Anda kecuali Anda memberi kontak.",
        "en": "No name: the report cannot be registered, but can start a Bawaslu finding. We "
        "cannot reach you unless you leave a contact.",
    },
    "evidence_too_many": {
        "id": "Terlalu banyak berkas: paling banyak {limit} berkas.",
        "en": "Too many files: at most {limit} files.",
    },
    "evidence_too_large": {
        "id": "Berkas {file} terlalu besar: paling besar {limit}.",
        "en": "The file {file} is too large: at most {limit}.",
    },
    "evidence_empty": {"id": "Berkas {file} kosong.", "en": "The file {file} is empty."},
    "evidence_disguised": {
        "id": "Berkas {file} bukan foto, PDF, rekaman suara atau video (isinya tidak sesuai "
        "namanya).",
        "en": "The file {file} is not a photo, PDF, audio or video (its content does not match "
        "its name).",
    },
    "evidence_unreadable": {
        "id": "Foto {file} rusak atau tidak dapat dibaca.",
        "en": "The photo {file} is damaged or cannot be read.",
    },
    "evidence_received": {"id": "Berkas bukti yang diterima", "en": "Evidence files received"},
    "submit": {"id": "Kirim laporan", "en": "Submit report"},
    "fix": {"id": "Mohon perbaiki isian berikut:", "en": "Please correct the following:"},
    "thanks": {"id": "Laporan Anda telah diterima", "en": "Your report has been received"},
    "keep_code": {
        "id": "Simpan kode pelacakan ini untuk memantau laporan Anda:",
        "en": "Keep this tracking code to follow your report:",
    },
    "track": {"id": "Lacak laporan", "en": "Track a report"},
    "code": {"id": "Kode pelacakan", "en": "Tracking code"},
    "look_up": {"id": "Lihat status", "en": "Look up"},
    "status": {"id": "Status", "en": "Status"},
    "category": {"id": "Kategori", "en": "Category"},
    "routed_to": {"id": "Diteruskan kepada", "en": "Routed to"},
    "history": {"id": "Riwayat", "en": "History"},
    "not_found": {"id": "Kode pelacakan tidak ditemukan.", "en": "Tracking code not found."},
    "malformed_code": {
        "id": "Kolom kode: kode pelacakan tidak sah (contoh: NTR-7K3M-Q9P2-XW4T-8HRC).",
        "en": "Field kode: not a valid tracking code (e.g. NTR-7K3M-Q9P2-XW4T-8HRC).",
    },
    "unavailable": {
        "id": "Layanan status sedang tidak tersedia. Coba lagi sebentar lagi.",
        "en": "The status service is unavailable. Please try again shortly.",
    },
    "not_saved": {
        "id": "Laporan belum tersimpan. Mohon kirim sekali lagi.",
        "en": "Your report could not be saved. Please send it again.",
    },
    "new_report": {"id": "Buat laporan baru", "en": "File a new report"},
    "other_lang": {"id": "English", "en": "Bahasa Indonesia"},
}


def t(key: str, lang: Lang) -> str:
    return TEXT[key][lang]
