"""Photos on a page: captions that go with an article, and photo news items that stand alone."""
from __future__ import annotations

import re

from ..knowledge.files import markers
from ..model import Block

PHOTO_MAX_CHARS = 400     # a body without headline and this short is a photo item
CAPTION_MAX_CHARS = 150   # a photo caption is no longer than this
_SENTENCES = re.compile("(?<=[。！？])")


def says_what_photo_shows(text: str) -> bool:
    """True when a short paragraph says what a photo shows (图为…, or a sentence then 图为…).

    >>> says_what_photo_shows("近日，园区项目进入冲刺阶段。图为该项目建设场景。"), says_what_photo_shows("图为园区一角。")
    (True, True)
    >>> says_what_photo_shows("园区负责人表示，图为我们提供了思路。")
    False
    """
    if len(text) > CAPTION_MAX_CHARS:
        return False
    openings = tuple(markers()["caption_openings"])
    return text.startswith(openings) or any(s.lstrip().startswith(openings) for s in _SENTENCES.split(text)[1:])


def is_photo_news(block: Block, after: Block | None) -> bool:
    """True when a paragraph is a photo news item: news too long for a caption that ends
    saying what its photo shows (…。图为…。), with the photographer's credit right after it.

    Such an item stands on its own even where it follows another article's text
    with no headline or byline between them.
    """
    if block.kind != "paragraph" or not CAPTION_MAX_CHARS < len(block.text) <= PHOTO_MAX_CHARS:
        return False
    credited = bool(block.byline.photographers) or (
        after is not None and after.kind == "credit" and bool(after.byline.photographers))
    last = [s for s in _SENTENCES.split(block.text.replace("\n", "")) if s.strip()][-1].lstrip()
    return credited and last.startswith(tuple(markers()["caption_openings"]))
