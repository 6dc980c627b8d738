"""Indonesian report text: normalising, stemming, the compiled lexicons and phrase matching."""
