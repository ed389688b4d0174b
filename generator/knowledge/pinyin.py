"""Pinyin for URL slugs (pypinyin, loaded on first use)."""
from __future__ import annotations

from typing import Any


def pinyin() -> Any:
    """pypinyin's converter (a pypinyin.core.Pinyin).

    pypinyin is imported here, on first use: it is a fifth of a second of start-up,
    which a run that finds nothing changed never needs.
    """
    from pypinyin.core import Pinyin

    return Pinyin()
