"""Scoring the engine against labelled reports (`netra triage eval`, the evaluation tests)."""
