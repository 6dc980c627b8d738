"""Per-recipient signing secrets, named by `Addressee.secret_ref`, read from files.

A directory entry names its webhook secret (`secret_ref: bkn-kanreg-5`), never holds it:
the secret is the file `<NOTIFY_WEBHOOK_SECRETS_DIR>/<secret_ref>` (one line, mode 0600,
`whsec_<base64>` as Standard Webhooks writes them, or any string). In development a
missing file is made on first use, so `make run`'s dev sink can verify what it gets.
Secrets are never logged: errors name the reference, not the value.
"""

from __future__ import annotations

import base64
import re
import secrets
from pathlib import Path

from services.common.secrets import MissingSecret, dev_secret_file

# Segments joined by "/" (`dev/bkn`: a folder per deployment); each begins with a letter
# or digit, so no segment is ".." and the file stays under the directory.
SECRET_REF = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}(/[a-z0-9][a-z0-9._-]{0,63}){0,3}")


def new_webhook_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class SecretFiles:
    def __init__(self, *, directory: Path, development: bool) -> None:
        self.directory = directory
        self.development = development
        self._cache: dict[str, str] = {}

    def secret(self, secret_ref: str) -> str:
        """The secret named `secret_ref`; MissingSecret when there is none (or a bad name)."""
        if not SECRET_REF.fullmatch(secret_ref):
            raise MissingSecret(
                f"secret_ref {secret_ref!r} must be lowercase letters, digits, '.', '_', '-'"
                " (up to four segments joined by '/')"
            )
        cached = self._cache.get(secret_ref)
        if cached is not None:
            return cached
        path = self.directory / secret_ref
        if self.development:
            value = dev_secret_file(path, new_webhook_secret)
        else:
            try:
                value = path.read_text().strip()
            except OSError as exc:
                raise MissingSecret(f"no secret file for secret_ref {secret_ref!r}") from exc
            if not value:
                raise MissingSecret(f"the secret file for secret_ref {secret_ref!r} is empty")
        self._cache[secret_ref] = value
        return value
