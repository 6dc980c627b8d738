"""Pure triage domain: classifier, gazetteer and routing, no I/O beyond packaged data."""
