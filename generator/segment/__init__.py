"""Segment stage: a page's text → article drafts (lines, blocks, bylines, titles, matching)."""
