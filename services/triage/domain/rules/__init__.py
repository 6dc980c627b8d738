"""The routing rules of DOMAIN.md 4.4: validated from parsed YAML, then applied in order."""
