"""Request bodies of the staff API (the responses are the read models' shapes)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class TransitionRequest(BaseModel):
    """`{"command": "register", "reason": "...", "expected_version": 3, ...command fields}`.

    Extra keys are the command's own fields (outcomes, sanction_level, track, ...); the
    domain's command union validates them.
    """

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {"command": "start_review", "expected_version": 1},
                {
                    "command": "decide_plenary",
                    "outcomes": ["neutrality"],
                    "reason": "Rapat pleno 12 Nov",
                    "expected_version": 5,
                },
            ]
        },
    )

    command: str
    expected_version: int = Field(ge=1)
    reason: str | None = None

    def command_fields(self) -> dict[str, Any]:
        return {"command": self.command, "reason": self.reason, **(self.model_extra or {})}


class AssignRequest(BaseModel):
    """`assignee`: an officer's directory id (`GET .../assignees` lists them), or null to
    unassign; required either way, so a forgotten field never unassigns."""

    assignee: str | None = Field(min_length=1, max_length=200)
    expected_version: int | None = Field(default=None, ge=1)
    reason: str | None = None


class NoteCreate(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


class LinkCreate(BaseModel):
    report_id: str = Field(min_length=1)
    reason: str = Field(min_length=1, max_length=1000)


class OfficerRead(BaseModel):
    """An officer who may be assigned the case: directory id, name, authority and office."""

    id: str
    name: str
    authority: str
    office: str
    unit: str
