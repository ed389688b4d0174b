"""Write stage: generated files to the docs folder, atomically, never touching others."""
