"""Errors that name the file (and line) they are about."""
from __future__ import annotations


class DigestError(Exception):
    """Base of park-digest's own errors: printed as one line, exit status non-zero."""


class PageError(DigestError):
    """A problem with one input file; other pages are still processed."""

    def __init__(self, name: str, message: str, line: int | None = None, warning: bool = False):
        self.name, self.message, self.line, self.warning = name, message, line, warning
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.name}:{self.line}" if self.line else self.name
        return f"{where}: {self.message}"


class OutputError(DigestError):
    """The output folder cannot be written as asked (nothing was written)."""
