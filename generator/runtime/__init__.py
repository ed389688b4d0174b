"""Caches, the no-change check and page workers: how a run is made fast, not what it makes."""
