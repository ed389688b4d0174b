"""Group stage: each tag's anchor on the tags page, where its articles are listed."""
from __future__ import annotations

from typing import Iterable

from ..knowledge.pinyin import pinyin_slug

ANCHOR_PREFIX = "tag-"
# Slugs never hold two hyphens in a row, so an anchor told apart by its number
# (tag-gong-shi--2) is never the plain anchor of another tag.
NUMBER_SEPARATOR = "--"


def tag_anchors(tags: Iterable[str]) -> dict[str, str]:
    """Each tag's anchor on the tags page: tag- and its pinyin slug, unique among these tags.

    Tags spelled alike (公示 and 工事) are told apart by a number, in code point
    order: the first keeps the plain anchor. A tag's anchor depends only on the
    tags spelled like it, so adding other tags never changes it.

    >>> tag_anchors(["高新技术企业", "工事", "公示", "5G", "5G"])
    {'5G': 'tag-5g', '公示': 'tag-gong-shi', '工事': 'tag-gong-shi--2', '高新技术企业': 'tag-gao-xin-ji-shu-qi-ye'}
    """
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for tag in sorted(set(tags)):
        base = ANCHOR_PREFIX + (pinyin_slug(tag) or "x")
        anchor, number = base, 1
        while anchor in taken:
            number += 1
            anchor = f"{base}{NUMBER_SEPARATOR}{number}"
        taken.add(anchor)
        anchors[tag] = anchor
    return anchors
