"""What the hotline operator reads to the caller at the end of a call. Pure.

A tracking code is read back symbol by symbol, each letter with its spelling word (the
Indonesian city alphabet in Bahasa Indonesia, the ICAO/NATO one in English) and each
digit as a word, group by group, so that it survives a bad line. The code's alphabet is
Crockford base32 without I, L, O, U (schemas/ids.py): those letters never occur.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["id", "en"]

DIGITS: dict[Language, tuple[str, ...]] = {
    "id": ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}
LETTERS: dict[Language, dict[str, str]] = {
    "id": {
        "A": "Ambon", "B": "Bandung", "C": "Cirebon", "D": "Denpasar", "E": "Enrekang",
        "F": "Flores", "G": "Garut", "H": "Halmahera", "J": "Jakarta", "K": "Kupang",
        "M": "Medan", "N": "Nias", "P": "Padang", "Q": "Quebec", "R": "Rembang",
        "S": "Semarang", "T": "Tegal", "V": "Victoria", "W": "Wamena", "X": "Xray",
        "Y": "Yogyakarta", "Z": "Zanzibar",
    },
    "en": {
        "A": "Alfa", "B": "Bravo", "C": "Charlie", "D": "Delta", "E": "Echo",
        "F": "Foxtrot", "G": "Golf", "H": "Hotel", "J": "Juliett", "K": "Kilo",
        "M": "Mike", "N": "November", "P": "Papa", "Q": "Quebec", "R": "Romeo",
        "S": "Sierra", "T": "Tango", "V": "Victor", "W": "Whiskey", "X": "X-ray",
        "Y": "Yankee", "Z": "Zulu",
    },
}  # fmt: skip
SCRIPT: dict[Language, tuple[str, str, str]] = {
    "id": (
        "Laporan Anda sudah kami terima. Kode pelacakan Anda adalah:",
        "Saya ulangi, mohon dicatat:",
        "Simpan kode ini. Anda dapat menanyakan status laporan di {url}, "
        "atau kirim SMS “CEK” diikuti kode ini. Terima kasih telah melapor.",
    ),
    "en": (
        "We have received your report. Your tracking code is:",
        "I repeat, please write it down:",
        "Keep this code. You can follow your report at {url}, "
        "or send an SMS “CHECK” followed by this code. Thank you for reporting.",
    ),
}


def spelled_symbol(symbol: str, language: Language) -> str:
    if symbol.isdigit():
        return DIGITS[language][int(symbol)]
    word = LETTERS[language].get(symbol)
    return f"{symbol} ({word})" if word else symbol


def spelled_groups(code: str, language: Language) -> list[str]:
    """`NTR-7Q2K-...` -> ["N (Nias) T (Tegal) R (Rembang)", "tujuh Q (Quebec) dua K ...", ...]."""
    return [
        " ".join(spelled_symbol(symbol, language) for symbol in group)
        for group in code.upper().split("-")
    ]


def read_back(code: str, *, status_url: str, language: Language) -> list[str]:
    """The lines the operator reads, in order: intro, the code spelled, repeat, the code
    again, and what the caller can do with it."""
    intro, repeat, outro = SCRIPT[language]
    spelled = " — ".join(spelled_groups(code, language))
    return [intro, code, spelled, repeat, spelled, outro.format(url=status_url)]
