"""Feed ids: the same pair is the same report, tracking codes are keyed, tokens parsed strictly."""

from __future__ import annotations

import pytest

from schemas.ids import normalise_tracking_code
from services.intake.domain.feed_identity import (
    FeedTokenSpecError,
    feed_report_id,
    feed_tracking_code,
    parse_feed_tokens,
    tracking_symbols,
)

TOKEN = "a-long-enough-feed-token-0001"


def test_the_report_id_follows_from_source_and_source_id_only() -> None:
    one = feed_report_id("bawaslu-sigaplapor", "A1-1")
    assert one == feed_report_id("bawaslu-sigaplapor", "A1-1")
    assert one.startswith("RPT-") and len(one) == 36
    assert one != feed_report_id("bawaslu-sigaplapor", "A1-2")
    assert one != feed_report_id("bawaslu-jatim", "A1-1")
    # The separator keeps ("a", "b:c") and ("a:b", "c") apart.
    assert feed_report_id("ab", "c") != feed_report_id("a", "bc")


def test_the_tracking_code_is_valid_stable_and_needs_the_key() -> None:
    code = feed_tracking_code(b"k" * 32, "RPT-1")
    assert normalise_tracking_code(code) == code
    assert code == feed_tracking_code(b"k" * 32, "RPT-1")
    assert code != feed_tracking_code(b"j" * 32, "RPT-1")
    assert code != feed_tracking_code(b"k" * 32, "RPT-2")


def test_symbols_that_begin_like_the_prefix_stay_whole() -> None:
    # 1 report in 32,768 draws symbols starting "NTR": a search from a fixed key finds one.
    report_id = next(
        f"RPT-{n}"
        for n in range(1_000_000)
        if tracking_symbols(b"k" * 32, f"RPT-{n}").startswith("NTR")
    )
    symbols = tracking_symbols(b"k" * 32, report_id)
    assert feed_tracking_code(b"k" * 32, report_id).replace("-", "") == "NTR" + symbols


def test_tokens_name_their_source_and_nothing_else() -> None:
    tokens = parse_feed_tokens(f"bawaslu-sigaplapor:{TOKEN}, bawaslu-jatim:{TOKEN}x")
    assert tokens.source_for(TOKEN) == "bawaslu-sigaplapor"
    assert tokens.source_for(TOKEN + "x") == "bawaslu-jatim"
    assert tokens.source_for("") is None and tokens.source_for(TOKEN[:-1]) is None
    assert parse_feed_tokens(None).source_for(TOKEN) is None
    assert tokens.sources() == ["bawaslu-jatim", "bawaslu-sigaplapor"]


@pytest.mark.parametrize("spec", ["Bawaslu:" + TOKEN, "x:" + TOKEN, "bawaslu:short", "bawaslu"])
def test_a_bad_token_spec_stops_start_up_with_the_reason(spec: str) -> None:
    with pytest.raises(FeedTokenSpecError):
        parse_feed_tokens(spec)
