"""Errors that name the file (and line) they are about."""
from __future__ import annotations

import unicodedata

# Characters that would break a one-line message or fool a terminal: controls, line and
# paragraph separators, format characters (bidi overrides), surrogates, unassigned.
_HIDDEN_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def printable(text: str) -> str:
    """text with every invisible or line-breaking character shown as an escape, on one line.

    >>> printable("seeds/a\\nb\\u202e.txt")
    'seeds/a\\\\nb\\\\u202e.txt'
    >>> printable("衡阳 高新区.txt")
    '衡阳 高新区.txt'
    """
    if text.isprintable():
        return text
    return "".join(ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   if unicodedata.category(ch) in _HIDDEN_CATEGORIES else ch for ch in text)


def _encodable(text: str) -> str:
    """text with surrogate escapes (undecodable bytes) written as \\udcxx.

    >>> _encodable("bad" + chr(0xDCFF) + ".txt")
    'bad\\\\udcff.txt'
    """
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if not text.isprintable() else text


class DigestError(Exception):
    """Base of park-digest's own errors: printed as one line, exit status non-zero."""

    def __str__(self) -> str:
        return printable(super().__str__())


class PageError(DigestError):
    """A problem with one input file; other pages are still processed."""

    def __init__(self, name: str, message: str, line: int | None = None, warning: bool = False):
        # A file name that is not UTF-8 arrives with surrogate escapes; keep the error encodable.
        name, message = _encodable(name), _encodable(message)
        self.name, self.message, self.line, self.warning = name, message, line, warning
        super().__init__(self.name, self.message)

    def __str__(self) -> str:
        where = f"{self.name}:{self.line}" if self.line else self.name
        return printable(f"{where}: {self.message}")


class OutputError(DigestError):
    """The output folder cannot be written as asked (nothing was written)."""
