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


def pinyin_slug(text: str, syllables: int | None = None, max_length: int = 0, latin: bool = True) -> str:
    """An ASCII slug of text's pinyin, a hyphen between syllables ("" when nothing is left).

    At most syllables syllables and max_length characters (cut at a hyphen);
    Latin letters and digits are kept unless latin is False.

    >>> pinyin_slug("高新技术企业"), pinyin_slug("5G基站"), pinyin_slug("5G基站", latin=False)
    ('gao-xin-ji-shu-qi-ye', '5g-ji-zhan', 'ji-zhan')
    >>> pinyin_slug("衡阳高新区“高企”", syllables=4), pinyin_slug("“”")
    ('heng-yang-gao-xin', '')
    """
    from slugify import slugify

    words = [s for s in pinyin().lazy_pinyin(text, errors="default" if latin else "ignore") if s.strip()]
    return slugify(" ".join(words[:syllables]), max_length=max_length, word_boundary=bool(max_length))
