"""Triage domain errors; entrypoints map them to exit codes or DLQ reasons."""


class TriageError(Exception):
    """Base class for every error the triage domain raises."""


class LexiconError(TriageError):
    """A lexicon data file is malformed."""
