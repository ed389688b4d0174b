"""python -m generator: the park-digest command line."""
from .cli import entry

entry()
