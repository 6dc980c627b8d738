"""Triage's use case: a received report in, a published triage decision out."""
