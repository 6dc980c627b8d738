"""Where the engine's data files live.

Kept out of the natively compiled modules: their `__file__` is not the source's path.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
