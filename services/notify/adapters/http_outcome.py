"""An HTTP answer or transport failure as a `SendOutcome`: what another attempt can fix."""

from __future__ import annotations

from services.notify.domain.plans import SendOutcome

# Worth another attempt: timeouts, throttling, the server's own trouble.
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def outcome_of_status(
    status: int, *, provider_id: str | None = None, detail: str = ""
) -> SendOutcome:
    said = f"HTTP {status}" + (f": {detail}" if detail else "")
    if 200 <= status < 300:
        return SendOutcome(delivered=True, retryable=False, detail=said, provider_id=provider_id)
    # 3xx too is final: redirects are not followed (an endpoint that moved must be
    # corrected in the directory, not guessed at).
    return SendOutcome(delivered=False, retryable=status in RETRYABLE_STATUS, detail=said)


def outcome_of_failure(exc: BaseException) -> SendOutcome:
    """Unreachable, refused, reset or timed out: transient, try again later."""
    name = type(exc).__name__
    return SendOutcome(delivered=False, retryable=True, detail=f"{name}: {exc}"[:300])
