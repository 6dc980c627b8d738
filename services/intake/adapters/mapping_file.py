"""Column mappings from YAML files (format: docs/import-formats.md)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from services.intake.domain.export_mapping import ColumnMapping

SHIPPED = Path(__file__).parent / "data" / "bawaslu-form-a1.yaml"


class MappingUnusable(Exception):
    pass


def load_mapping(path: Path) -> ColumnMapping:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        return ColumnMapping.model_validate(document)
    except (OSError, yaml.YAMLError) as exc:
        raise MappingUnusable(f"{path}: {exc}") from exc
    except ValidationError as exc:
        wrong = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'mapping'}: {e['msg']}" for e in exc.errors()
        )
        raise MappingUnusable(f"{path}: {wrong}") from exc
