"""Titles of drafts: from their headline group, or, without one, from their text."""
from __future__ import annotations

import re

from .clean import clean_heading
from .model import Block
from .resources import markers, pattern

TITLE_MAX_CHARS = 40      # a title from text is cut to this, with an ellipsis
MIN_TITLE_CHARS = 6       # a first clause shorter than this is a lead-in (实际上，), not a title
QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"))
_DATE_ONLY = re.compile(r"[0-9]{4}年(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?)?|[0-9]{1,2}月(?:[0-9]{1,2}日)?(?:[上下]午)?")
_CLAUSE_END = re.compile("[，。；！？：]")


def split_headline(block: Block) -> tuple[str, str, str]:
    """(title, subtitle, kicker) of a headline group."""
    lines = [l for l in block.text.split("\n") if l.strip()]
    kicker = ""
    if len(lines) > 1 and lines[0].rstrip().endswith(tuple(markers()["kicker_endings"][:2])):
        kicker, lines = clean_heading(lines[0]).rstrip("—"), lines[1:]
    if block.wrapped or block.doubled:
        # Lines wrapped by the column: one headline, joined without a space.
        return clean_heading("".join(l.strip() for l in lines)), "", kicker
    return clean_heading(lines[0]), clean_heading(" ".join(lines[1:])), kicker


def title_from_text(text: str) -> str:
    """A title for text without a headline: its first clause of substance, after any opening time phrase.

    A lead-in (实际上，当前，2018年9月，: short, or a date alone) is no title: the
    clause after it is taken. Quote marks the cut left unpaired are dropped.

    >>> title_from_text("近日，昆明高新区举行企业服务中心揭牌暨产业大脑上线仪式。经过近半年")
    '昆明高新区举行企业服务中心揭牌暨产业大脑上线仪式'
    >>> title_from_text("实际上，项目的实施离不开资金的支持。")
    '项目的实施离不开资金的支持'
    >>> title_from_text("“今年，我们企业正在上新项目，资金方面压力大。”")
    '我们企业正在上新项目'
    >>> title_from_text("2018年9月，高新区首批企业入驻孵化基地。")
    '高新区首批企业入驻孵化基地'
    >>> title_from_text("好。"), title_from_text("2023年5月，园区揭牌。"), title_from_text("近日，")
    ('好', '园区揭牌', '近日')
    """
    rest = pattern("time_openings").sub("", text, count=1)
    clauses = [c for c in map(_unquoted, _CLAUSE_END.split(rest)) if c]
    words = [c for c in clauses if not _DATE_ONLY.fullmatch(c)]
    # The first clause of substance; a short lead-in only when nothing longer follows it.
    clause = next((c for c in words if len(c) >= MIN_TITLE_CHARS), "") or next(iter(words), "") \
        or next(iter(clauses), "") or _CLAUSE_END.sub("", text).strip() or text
    return clause if len(clause) <= TITLE_MAX_CHARS else clause[:TITLE_MAX_CHARS - 1] + "…"


def _unquoted(clause: str) -> str:
    """clause without a quote mark at its start or end that the cut left unpaired.

    >>> _unquoted("“今年"), _unquoted("压力大”"), _unquoted("“小巨人”迸发大能量")
    ('今年', '压力大', '“小巨人”迸发大能量')
    """
    for opener, closer in QUOTE_PAIRS:
        if clause.startswith(opener) and clause.count(opener) > clause.count(closer):
            clause = clause[1:]
        if clause.endswith(closer) and clause.count(closer) > clause.count(opener):
            clause = clause[:-1]
    return clause.strip()
