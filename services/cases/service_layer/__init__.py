"""Use cases: one module per capability. Each takes its ports (`ports.py`), the configured
`DeadlinePolicy` and a `Clock` explicitly; bootstrap wires the real ones, tests the fakes.
"""
