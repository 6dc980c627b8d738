"""Who a feed is, and the ids of what it files. Pure.

A feed files as its *source* (e.g. `bawaslu-sigaplapor`), proven by a feed token of
its own. A report it files is named by (source, the source's own id of it): the report
id is derived from that pair, so filing the same row twice produces the same report,
which every store downstream keeps once (insert-only, `_id` = report id). The tracking
code is derived too (keyed, so nobody can compute it from the public pair): the receipt
of a row sent twice is the same receipt.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass

from schemas.ids import TRACKING_ALPHABET, TRACKING_SYMBOLS, normalise_tracking_code

# Fixed forever: changing it would file every already imported row again.
FEED_REPORTS = uuid.UUID("6b3f1c2e-9a4d-5e8f-8a1b-4e6f2d9c7a10")
SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
MIN_TOKEN_CHARS = 24
TRACKING_LABEL = b"netra/feed-tracking-code\x00"


class FeedTokenSpecError(ValueError):
    pass


def feed_report_id(source: str, source_id: str) -> str:
    """`RPT-` and 32 hex digits like every report id, but the same for the same pair."""
    return "RPT-" + uuid.uuid5(FEED_REPORTS, f"{source}\x00{source_id}").hex.upper()


def tracking_symbols(secret: bytes, report_id: str) -> str:
    """80 bits of HMAC-SHA256(secret, report id) in the tracking code's alphabet."""
    digest = hmac.new(secret, TRACKING_LABEL + report_id.encode(), hashlib.sha256).digest()
    value = int.from_bytes(digest[:10], "big")
    return "".join(TRACKING_ALPHABET[(value >> (5 * i)) & 31] for i in range(TRACKING_SYMBOLS))


def feed_tracking_code(secret: bytes, report_id: str) -> str:
    # With its prefix: symbols that happen to begin with "NTR" must stay symbols.
    return normalise_tracking_code("NTR" + tracking_symbols(secret, report_id))


@dataclass(frozen=True)
class FeedTokens:
    """Feed token -> source. Only SHA-256 digests are kept; compared in constant time."""

    digests: tuple[tuple[bytes, str], ...]

    def source_for(self, token: str) -> str | None:
        offered = hashlib.sha256(token.encode()).digest()
        found = None
        for digest, source in self.digests:  # no early exit: the time does not tell which
            if hmac.compare_digest(digest, offered):
                found = source
        return found

    def sources(self) -> list[str]:
        return sorted({source for _, source in self.digests})


def parse_feed_tokens(spec: str | None) -> FeedTokens:
    """`source:token[,source:token...]`; empty: no feed may file (the route answers 401).

    A source may hold two tokens at once, so a token can be rotated without a gap.
    """
    pairs: list[tuple[bytes, str]] = []
    for item in filter(None, (part.strip() for part in (spec or "").split(","))):
        source, _, token = item.partition(":")
        if not SOURCE_NAME.match(source):
            raise FeedTokenSpecError(
                f"feed source {source!r}: lower-case letters, digits, '.', '_' or '-', 2-63 long"
            )
        if len(token) < MIN_TOKEN_CHARS:
            raise FeedTokenSpecError(
                f"feed token of {source!r} must be at least {MIN_TOKEN_CHARS} characters"
            )
        pairs.append((hashlib.sha256(token.encode()).digest(), source))
    return FeedTokens(tuple(pairs))
