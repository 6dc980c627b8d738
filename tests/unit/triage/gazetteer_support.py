"""The real gazetteer, built once for all gazetteer tests, and small helpers around it."""

from __future__ import annotations

from functools import cache

from schemas.reports import Channel, ReportContent
from services.triage.adapters.data_files import PACKAGED_DATA_DIR
from services.triage.adapters.gazetteer_files import read_gazetteer
from services.triage.domain.gazetteer.resolver import Gazetteer, RegionMatch


@cache
def gazetteer() -> Gazetteer:
    return read_gazetteer(PACKAGED_DATA_DIR)


def resolve(text: str, **fields: str) -> RegionMatch:
    content = ReportContent.model_validate({"channel": Channel.WEB, "text": text, **fields})
    return gazetteer().resolve(content)


def code_of(text: str, **fields: str) -> str | None:
    return resolve(text, **fields).code
