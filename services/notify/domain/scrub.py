"""A failure's detail without the recipient's address or number in it.

An SMTP server or a gateway often echoes the address it refused ("550 <budi@...>: no such
user"); the detail goes into the delivery log, the case timeline and the logs, where a
reporter's contact must never appear (it stays sealed).
"""

from __future__ import annotations

import re

EMAIL_ADDRESS = re.compile(r"[^\s<>@\"',;:]+@[^\s<>@\"',;]+")
# Digits with spaces or dashes, 8 or more: a number, not an IP address or a port.
PHONE_NUMBER = re.compile(r"\+?\d[\d -]{6,}\d")
MAX_DETAIL = 300


def scrubbed(detail: str, *, target: str) -> str:
    text = detail.replace(target, "<recipient>") if target else detail
    text = EMAIL_ADDRESS.sub("<address>", text)
    return PHONE_NUMBER.sub("<number>", text)[:MAX_DETAIL]
