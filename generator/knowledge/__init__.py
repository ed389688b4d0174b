"""Read-only knowledge shipped in generator/data: markers, surnames, lexicon tables."""
