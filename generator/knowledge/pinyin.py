"""Pinyin for URL slugs (pypinyin, loaded on first use)."""
from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=1)
def pinyin() -> Any:
    """A pypinyin Pinyin whose converter remembers each word it converts (words recur from title to title).

    pypinyin is imported here, on first use: it is a fifth of a second of start-up,
    which a run that finds nothing changed never needs. Customising the converter
    is pypinyin's documented way to change how words are converted.
    """
    from pypinyin.converter import DefaultConverter
    from pypinyin.core import Pinyin

    class RememberingConverter(DefaultConverter):
        """DefaultConverter, from memory when the same word was converted the same way before."""

        MAX_WORDS = 100_000

        def __init__(self) -> None:
            super().__init__()
            self._known: dict[tuple, list[list[str]]] = {}

        def convert(self, words, style, heteronym, errors, strict, **kwargs):
            if kwargs or callable(errors):
                return super().convert(words, style, heteronym, errors, strict, **kwargs)
            key = (words, style, heteronym, errors, strict)
            known = self._known.get(key)
            if known is None:
                if len(self._known) >= self.MAX_WORDS:
                    self._known.clear()
                known = self._known[key] = super().convert(words, style, heteronym, errors, strict)
            return [list(readings) for readings in known]  # the caller's to keep or change

    return Pinyin(RememberingConverter())
