"""The notification matrix as a versioned YAML file staff can edit, validated at start-up.

`python -m services.notify.adapters.matrix_file` rewrites docs/notifications.md's table
from the packaged file (a unit test fails when the two drift apart).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from pydantic import ValidationError

from services.notify.domain.matrix import Matrix, matrix_table

PACKAGED_MATRIX = Path(__file__).parent / "data" / "matrix.yaml"
DOC = Path(__file__).parents[3] / "docs" / "notifications.md"
BEGIN, END = "<!-- matrix:begin (generated) -->", "<!-- matrix:end -->"


class MatrixError(ValueError):
    pass


def parse_matrix(text: str) -> Matrix:
    try:
        return Matrix.model_validate(yaml.safe_load(text) or {})
    except (ValidationError, yaml.YAMLError) as exc:
        raise MatrixError(f"notification matrix is invalid: {exc}") from None


def load_matrix(path: Path) -> Matrix:
    return parse_matrix(path.read_text(encoding="utf-8"))


def with_table(document: str, matrix: Matrix) -> str:
    """The document with the text between the markers replaced by the generated table."""
    head, _, rest = document.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{matrix_table(matrix)}{END}{tail}"


def main() -> None:
    document = DOC.read_text(encoding="utf-8")
    DOC.write_text(with_table(document, load_matrix(PACKAGED_MATRIX)), encoding="utf-8")
    sys.stdout.write(f"wrote the matrix table into {DOC}\n")


if __name__ == "__main__":
    main()
