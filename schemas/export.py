"""Export the JSON Schema of every event; `python -m schemas.export` rewrites schemas/json/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemas.envelope import Envelope
from schemas.events import PAYLOADS
from schemas.reports import ReportSubmission

JSON_DIR = Path(__file__).parent / "json"


def event_schemas() -> dict[str, dict[str, Any]]:
    documents = {
        f"{event_type}.v1.schema.json": Envelope[model].model_json_schema()  # type: ignore[valid-type]
        for event_type, model in PAYLOADS.items()
    }
    documents["report-submission.v1.schema.json"] = ReportSubmission.model_json_schema()
    return documents


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    JSON_DIR.mkdir(exist_ok=True)
    for name, document in event_schemas().items():
        (JSON_DIR / name).write_text(render(document), encoding="utf-8")
        print(f"wrote schemas/json/{name}")


if __name__ == "__main__":
    main()
