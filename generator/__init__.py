"""park-digest: turn raw Chinese park-news pages into a clean, searchable MkDocs site."""

__version__ = "0.1.0"
