"""Extract stage: metadata of an article (parks, dates, authors, tags, topics)."""
