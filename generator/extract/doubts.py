"""Review checks on an article's text: it ends mid-sentence, opens with a fragment, or repeats a passage.

Each finding is a reason on the review list (in Chinese, for editors); the
text is left as it is. The marks that decide are data in markers.yml.
"""
from __future__ import annotations

import re

from ..knowledge.files import markers
from ..model import Draft

ENDS_MID_SENTENCE = "正文在句子中间结束，结尾可能缺失（转版或漏排）"
OPENS_WITH_FRAGMENT = "正文开头是半句话，开头可能缺失或混入了别篇的结尾"
OPENS_WITH_SECTION = "正文以小标题开头，导语可能缺失"
REPEATS_PASSAGE = "正文有重复的段落或句子"
REPEAT_MIN_CHARS = 15      # a repeated sentence shorter than this is a phrase, not a passage
_TRAILING_NOTE = re.compile(r"[（(][^（）()]{1,12}[）)]$")   # （市委办）, （完）: a credit after the last sentence


def text_doubts(draft: Draft) -> list[str]:
    """Reasons to review draft's text: each check that finds something gives one."""
    paragraphs = [b.text.strip() for b in draft.body if b.kind == "paragraph" and b.text.strip()]
    if not paragraphs:
        return []
    reasons = []
    if draft.body[0].kind == "section":
        reasons.append(OPENS_WITH_SECTION)
    elif opens_with_fragment(paragraphs[0]):
        reasons.append(OPENS_WITH_FRAGMENT)
    if draft.kind != "photo" and ends_mid_sentence(paragraphs[-1]):
        reasons.append(ENDS_MID_SENTENCE)
    if repeated_passage(paragraphs):
        reasons.append(REPEATS_PASSAGE)
    return reasons


def ends_mid_sentence(text: str) -> bool:
    """Whether the text stops before its sentence ends.

    >>> ends_mid_sentence("形成了独特的“两链两园”模式；"), ends_mid_sentence("他说：“很好。”")
    (True, False)
    >>> ends_mid_sentence("做出贡献。（市委办）"), ends_mid_sentence("总投资30亿元")
    (False, True)
    """
    m = markers()
    text = _TRAILING_NOTE.sub("", text.rstrip()).rstrip()
    text = text.rstrip("".join(m["closing_marks"]))
    return not text or text[-1] not in m["sentence_endings"]


def opens_with_fragment(text: str) -> bool:
    """Whether the text opens in the middle of a sentence: with punctuation, or a connective and a comma.

    >>> opens_with_fragment("，实现年产值约50亿元。"), opens_with_fragment("此外，园区还将……")
    (True, True)
    >>> opens_with_fragment("近日，昆明高新区举行仪式。"), opens_with_fragment("同时代的人"), opens_with_fragment("同时，")
    (False, False, True)
    """
    m = markers()
    if text[:1] in m["fragment_openings"]:
        return True
    # The word then a comma: 同时， continues a sentence, 同时代 does not.
    return any(text.startswith((word + "，", word + ",")) for word in m["continuation_openings"])


def repeated_passage(paragraphs: list[str]) -> bool:
    """Whether a paragraph or a sentence of some length comes twice.

    >>> repeated_passage(["一二三四五六七八九十一二三四五。甲。", "一二三四五六七八九十一二三四五。"])
    True
    >>> repeated_passage(["好。", "好。"])
    False
    """
    seen: set[str] = set()
    for p in paragraphs:
        for sentence in re.findall(r"[^。！？!?]+[。！？!?]*", p):
            key = re.sub(r"\s+", "", sentence)
            if len(key) < REPEAT_MIN_CHARS:
                continue
            if key in seen:
                return True
            seen.add(key)
    return False
