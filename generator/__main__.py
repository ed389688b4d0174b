"""python -m generator: the park-digest command line."""
from .app.cli import entry

entry()
