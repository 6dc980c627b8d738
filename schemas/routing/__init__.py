"""The routing contract (DOMAIN.md 4.4): one rule file and one engine for triage and cases."""
