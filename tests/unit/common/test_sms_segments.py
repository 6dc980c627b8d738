"""SMS segmenting: GSM-7 160/153, UCS-2 70/67, never splitting a character, capped by count."""

from __future__ import annotations

import pytest

from services.common.sms_segments import fit_sms, split_sms, units


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),  # 153 + 8
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),  # an extension character takes two septets
        ("€" * 81, "GSM-7", 2),
        ("ā" * 70, "UCS-2", 1),
        ("ā" * 71, "UCS-2", 2),  # 67 + 4
        ("a" * 133 + "😀", "UCS-2", 3),  # one emoji turns the whole text UCS-2
        ("", "GSM-7", 0),
    ],
)
def test_encoding_and_segment_count(text: str, encoding: str, segments: int) -> None:
    split = split_sms(text)
    assert (split.encoding, len(split.segments)) == (encoding, segments)
    assert split.text == text


def test_concatenated_segments_hold_153_septets_and_never_split_an_extension() -> None:
    split = split_sms("a" * 152 + "€" + "b" * 10)
    assert [units(s, "GSM-7") for s in split.segments] == [152, 12]
    assert split.segments[1].startswith("€")


def test_ucs2_segments_never_split_a_surrogate_pair() -> None:
    split = split_sms("ā" * 66 + "😀" * 3)
    assert [units(s, "UCS-2") for s in split.segments] == [66, 6]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_a_long_text_is_cut_to_the_segment_limit_with_an_ellipsis(limit: int) -> None:
    fitted = fit_sms("Kasus baru di Lampung. " * 40, limit)
    assert fitted.truncated and len(fitted.segments) == limit
    assert fitted.text.endswith("...") and fitted.encoding == "GSM-7"


def test_a_ucs2_text_is_cut_with_a_ucs2_ellipsis() -> None:
    fitted = fit_sms("Laporan “penting” " * 20, 1)
    assert (fitted.encoding, len(fitted.segments), fitted.text[-1]) == ("UCS-2", 1, "…")


def test_a_text_within_the_limit_is_sent_whole() -> None:
    assert fit_sms("a" * 200, 2) == split_sms("a" * 200)
    with pytest.raises(ValueError, match="at least 1"):
        fit_sms("a", 0)
