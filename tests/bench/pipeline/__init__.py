"""The end-to-end load benchmark (issue 9): `tests/bench/bench_pipeline.py` runs it."""
