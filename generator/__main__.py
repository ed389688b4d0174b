"""python -m generator: the park-digest command line."""
import sys

from .cli import main

sys.exit(main())
