"""Why an action was refused, in the user's language where the cause is known."""

from __future__ import annotations

from pydantic import ValidationError

from services.cases.domain.errors import MissingField
from services.cases.entrypoints.web.i18n import Translator


def refusal_message(tr: Translator, exc: Exception) -> str:
    if isinstance(exc, MissingField):
        return tr.t("case.missing_field", field=tr.t(f"field.{exc.field}"))
    if isinstance(exc, ValidationError):
        fields = {str(err["loc"][-1]) for err in exc.errors() if err["loc"]}
        names = ", ".join(sorted(tr.t(f"field.{name}") for name in fields)) or "-"
        return tr.t("case.refused", detail=names)
    return tr.t("case.refused", detail=str(exc))
