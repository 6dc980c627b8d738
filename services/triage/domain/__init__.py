"""Pure triage domain: text reading, category, subject, gazetteer, routing rules, dedup.

Everything here is built from already-parsed data (the adapters read the files in
domain/data/) and then decides without I/O.
"""
