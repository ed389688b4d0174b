"""Adapters: the command line, the park-digest build command and the MkDocs plugin."""
