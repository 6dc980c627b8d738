"""Double-submit CSRF: a random per-session value in an HttpOnly SameSite=Strict cookie,
repeated in a hidden field of every form; a POST is accepted only when both match.

SameSite=Strict already keeps the session cookie off cross-site requests; the token is
the second, independent lock (and covers browsers that ignore SameSite).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Final

CSRF_COOKIE: Final = "netra_csrf"
CSRF_FIELD: Final = "csrf_token"
TOKEN_BYTES: Final = 32


def new_csrf_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def csrf_ok(cookie_value: str | None, form_value: str | None) -> bool:
    if not cookie_value or not form_value:
        return False
    return hmac.compare_digest(cookie_value.encode(), form_value.encode())
