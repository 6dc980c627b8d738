"""Errors beside the inputs they concern: a validation location to the form's input name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def input_name(field: str, witness_slots: Sequence[int] = ()) -> str:
    """`reporter.email` -> `email`, `witnesses.0.name` -> `witness_1_name`, else itself."""
    parts = field.split(".")
    if parts[0] == "reporter":  # the model's own check (anonymous with a name) is the name's
        return "name" if len(parts) == 1 or parts[1] == "anonymous" else parts[1]
    if parts[0] == "witnesses" and len(parts) > 2 and parts[1].isdigit():
        index = int(parts[1])
        slot = witness_slots[index] if index < len(witness_slots) else index + 1
        return f"witness_{slot}_{parts[2]}"
    return parts[0]


def by_input(
    errors: Iterable[dict[str, str]], witness_slots: Sequence[int] = ()
) -> dict[str, list[str]]:
    """Messages by input name; `witness_slots` are the form rows the witnesses came from."""
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(input_name(error["field"], witness_slots), []).append(error["message"])
    return grouped
