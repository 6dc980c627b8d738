"""Where a report's conduct happened: region names found in the text, mapped to codes."""
