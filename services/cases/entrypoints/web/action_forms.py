"""The allowed commands as HTML forms, and a submitted form back into a domain command.

Which fields a command has comes from its pydantic model; which are required comes from
the domain's transition table, so a new command needs no change here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, get_args

from pydantic import BaseModel, TypeAdapter

from schemas.cases import TrackKind
from services.cases.domain.lifecycle import commands
from services.cases.domain.lifecycle.table import TRANSITIONS
from services.cases.domain.vocabulary import Outcome, SanctionLevel

COMMAND_ADAPTER: Final[TypeAdapter[Any]] = TypeAdapter(commands.Command)
HIDDEN_FIELDS: Final = frozenset({"command", "anonymous"})  # links from the UI fail closed
LIST_FIELDS: Final = frozenset({"missing", "outcomes"})
CHOICES: Final[dict[str, tuple[str, ...]]] = {
    "outcomes": tuple(o.value for o in Outcome),
    "sanction_level": tuple(s.value for s in SanctionLevel),
    "track": tuple(t.value for t in TrackKind),
}
# Commands that end or undo something get a confirmation prompt in the browser.
CONFIRM: Final = frozenset({"not_register", "withdraw", "close", "reopen", "unlink_report"})


@dataclass(frozen=True)
class FieldSpec:
    name: str
    required: bool
    choices: tuple[str, ...] = ()
    multiple: bool = False

    @property
    def widget(self) -> str:
        if self.multiple and self.choices:
            return "checkboxes"
        if self.choices:
            return "select"
        return "textarea" if self.name == "reason" else "text"


@dataclass(frozen=True)
class ActionForm:
    command: str
    fields: tuple[FieldSpec, ...]
    confirm: bool


@cache
def command_models() -> dict[str, type[BaseModel]]:
    """Command name -> its pydantic model, read from the domain's discriminated union."""
    union = get_args(commands.Command)[0]
    models: tuple[type[BaseModel], ...] = get_args(union)
    return {str(m.model_fields["command"].default): m for m in models}


class UnknownCommand(ValueError):
    """A form posted a command name the domain does not have."""


def _model_for(command: str) -> type[BaseModel]:
    model = command_models().get(command)
    if model is None:
        raise UnknownCommand(command)
    return model


def action_form(command: str) -> ActionForm:
    required = TRANSITIONS[command].requires
    names = [n for n in _model_for(command).model_fields if n not in HIDDEN_FIELDS]
    names.sort(key=lambda n: (n == "reason", n))  # the reason last, under the specifics
    fields = tuple(FieldSpec(n, n in required, CHOICES.get(n, ()), n in LIST_FIELDS) for n in names)
    return ActionForm(command, fields, command in CONFIRM)


def action_forms(allowed: Sequence[str]) -> list[ActionForm]:
    return [action_form(name) for name in allowed if name in TRANSITIONS]


def _field_value(name: str, values: Sequence[str]) -> Any:
    cleaned = [v.strip() for v in values if v.strip()]
    if name == "missing":
        return tuple(part.strip() for v in cleaned for part in v.split(",") if part.strip())
    if name in LIST_FIELDS:
        return cleaned
    return cleaned[0] if cleaned else None


def command_from_form(command: str, form: Mapping[str, Sequence[str]]) -> BaseModel:
    """Build the command from form values; raises pydantic.ValidationError or UnknownCommand."""
    model = _model_for(command)
    data: dict[str, Any] = {"command": command}
    for name in model.model_fields:
        if name not in HIDDEN_FIELDS and name in form:
            value = _field_value(name, form[name])
            if value is not None:
                data[name] = value
    parsed: BaseModel = COMMAND_ADAPTER.validate_python(data)
    return parsed
