"""Titles of drafts: from their headline group, or, without one, from their text."""
from __future__ import annotations

import re

from ..clean import clean_heading
from ..model import Block
from ..knowledge.files import markers, pattern
from ..textutil import unbalanced

TITLE_MAX_CHARS = 40      # a title from text is cut to this, with an ellipsis
MIN_TITLE_CHARS = 6       # a first clause shorter than this is a lead-in (实际上，), not a title
QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"))
_DATE_ONLY = re.compile(r"[0-9]{4}年(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?)?|[0-9]{1,2}月(?:[0-9]{1,2}日)?(?:[上下]午)?")
_CLAUSE_END = re.compile("[，。；！？：]")


_COLUMN_LABEL = re.compile(r"[（(][^（()）]{2,40}[）)]$")
_LABEL_LINE = re.compile(r"^[\u4e00-\u9fff]{1,6}[：:][^，。]{1,16}$")
_PHRASES = re.compile(r"[\u4e00-\u9fff”’》]\s+[“‘《\u4e00-\u9fff]")


def split_headline(block: Block, headline_first: bool = True) -> tuple[str, str, str]:
    """(title, subtitle, kicker) of a headline group.

    >>> split_headline(Block("headline", "中消协谈选座收费——\\n民航“加价选座”不应成为惯例（法治聚焦）", 1))
    ('民航“加价选座”不应成为惯例（法治聚焦）', '', '中消协谈选座收费')
    >>> split_headline(Block("headline", "培育新场景  拓展新业态\\n四川以创新供给推动消费提质升级", 1))
    ('四川以创新供给推动消费提质升级', '', '培育新场景 拓展新业态')
    >>> split_headline(Block("headline", "园区入选国家双创示范基地\\n构建创新创业新格局 打造先行区", 1))
    ('园区入选国家双创示范基地', '构建创新创业新格局 打造先行区', '')
    """
    lines = [l.strip() for l in block.text.split("\n") if l.strip()]
    if block.doubled:
        # Display type extracted twice: one headline, joined without a space (after any kicker).
        kicker = ""
        if len(lines) > 1 and lines[0].endswith(tuple(markers()["kicker_endings"])):
            kicker, lines = clean_heading(lines[0]).rstrip("—"), lines[1:]
        return clean_heading("".join(lines)), "", kicker
    lines = _printed_lines(lines, block.wrapped, headline_first)
    main = _main_line(lines, bool(block.level))
    kicker = " ".join(clean_heading(l).rstrip("—：:") for l in lines[:main])
    subtitle = " ".join(clean_heading(l) for l in lines[main + 1:])   # a deck keeps its dash: ——访…
    return clean_heading(lines[main]), subtitle, kicker


def _printed_lines(lines: list[str], wrapped: bool, headline_first: bool = True) -> list[str]:
    """The lines of a headline group as printed: lines a narrow column wrapped are joined again.

    A line ending in a colon leads into the next (高新区：\n…). In a wrapped group a
    line breaks where it was printed: after a dash, before a column label or deck
    label line, and, on a page that prints headlines above their bodies, after a
    line shorter than the next (a kicker: a column fills a line before it wraps).
    Pages that print headlines after their bodies set them in narrow columns,
    broken anywhere.

    >>> _printed_lines(["为中小学教师减负", "教育部规范督查检查考核清单管理"], True)
    ['为中小学教师减负', '教育部规范督查检查考核清单管理']
    >>> _printed_lines(["贵阳高新区打造创新创业", "“强磁场”"], True)
    ['贵阳高新区打造创新创业“强磁场”']
    """
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        joins = prev.endswith(tuple(markers()["lead_in_endings"])) or wrapped and not (
            prev.endswith(tuple(markers()["kicker_endings"])) or line.startswith("—")
            or _LABEL_LINE.match(line) or (_COLUMN_LABEL.search(line) and not unbalanced(line) and not unbalanced(prev))
            or (headline_first and len(prev) < 0.8 * len(line)))
        if joins:
            out[-1] = prev + line
        else:
            out.append(line)
    return out


def _main_line(lines: list[str], marked: bool) -> int:
    """Which line of a headline group is the headline proper (主题), the others being kicker or deck.

    A kicker ends in a dash or colon and a deck opens with a dash; a line with a
    column label is the headline; a line of spaced phrases or a label (系列：…) is
    a deck. Otherwise the longest line is the headline, the first of equals (marked
    headings: the first line, whose level is the highest).
    """
    kicker_ends = tuple(markers()["kicker_endings"])
    candidates = [i for i, l in enumerate(lines)
                  if not (l.endswith(kicker_ends) and i < len(lines) - 1) and not (l.startswith("—") and i > 0)]
    if not candidates:
        return 0
    if marked:
        return candidates[0]
    labelled = [i for i in candidates if _COLUMN_LABEL.search(lines[i])]
    if len(labelled) == 1:
        return labelled[0]
    plain = [i for i in candidates if not _PHRASES.search(lines[i]) and not _LABEL_LINE.match(lines[i])] or candidates
    return max(plain, key=lambda i: (len(lines[i]), -i))


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
