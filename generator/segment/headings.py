"""Layout stage, first half, its rules: which lines of a page are headings, bylines or credits.

A line is a heading, a byline, a credit or body text. Whether a short line is
a heading is judged against the width of the column around it (lines.py), so
any column width works, and pages with one paragraph per line work the same way.
``blocks.py`` then joins the classified lines into paragraphs and heading groups.
"""
from __future__ import annotations

import re

from ..clean.fixers import drop_layout_marks, fold_fullwidth_alnum, join_spaced_out_chars, undouble_glyphs
from ..knowledge.files import markers
from ..textutil import CJK, TERMINALS, is_terminated, unbalanced, unopened
from .bylines import parse_byline
from .lines import (FULL_LINE, SHORT_LINE, WIDE_COLUMN, Line, measure, measure_columns, next_non_credit,
                    shorter_than_column)

MAX_HEADING_CHARS = 40
MAX_HEADLINE_CHARS = 64   # a headline with its column label: 精准发力，提高投资效益（财经眼·…）
# Patterns tried on every line of every page: compiled once.
_TERMINAL = re.compile(f"[{TERMINALS}]")
_COMMA = re.compile("[，,]")
_ANY_COMMA = re.compile("[，、；,;]")
_COMMA_END = re.compile("[，、；,;]$")
_LIST_MARK = re.compile("[、；;]")
_LATIN = re.compile("[A-Za-z0-9]")
_COMMA_OR_LATIN = re.compile("[，、；,;A-Za-z0-9]")
_LEAD_IN_END = re.compile("[：:—]$")
_COLUMN_LABEL = re.compile(r"(?<=[？！?!])[（(][^（()）。，]{2,12}[）)]$")
_PHRASE_GAP = re.compile(f"[{CJK}0-9][{CJK}”’》][ \u3000]+[“‘《{CJK}]{{2}}")


def classify(lines: list[Line]) -> None:
    """Set each line's kind: heading, byline, credit or text."""
    measure(lines)
    credit_words = tuple(markers()["credit_markers"])
    has_credit = _any_of(credit_words)
    for line in lines:
        text = fold_fullwidth_alnum(line.text)
        if line.level:
            line.kind = "heading"
        elif has_credit.search(text) and (len(text) <= 50 or text.startswith(credit_words)):
            line.kind = "credit"
        elif len(text) <= 40 and (by := parse_byline(text)) is not None:
            # Photographers alone are a photo credit: it goes with the article, ending nothing.
            line.kind, line.byline = ("credit" if by.photographers and not by.authors else "byline"), by
        elif undouble_glyphs(plain := drop_layout_marks(text)) != plain:
            line.kind, line.doubled = "heading", True
    measure_columns(lines)
    first = next((line for line in lines if line.kind == "text"), None)
    for line in lines:
        if line.kind == "text" and (_heading_like(line) or (line is first and _wide_opening(line))):
            line.kind = "heading"
    _mark_above_bylines(lines)
    _mark_before_indent(lines)
    while _mark_dangling_runs(lines):
        pass
    _continue_split_headings(lines)
    _mark_above_decks(lines)
    for line in lines:
        line.wide = line.kind == "heading" and line.col > 0 and line.width > 1.1 * line.col


def _wide_opening(line: Line) -> bool:
    """True when a page's first line is wider than its column, in width and in characters: the page's headline.

    A column's wrapped text never runs past it, and a page opens with its headline
    (or a kicker), whatever punctuation the headline holds (总投资200亿元！漯河市…).
    """
    return 0 < line.col < WIDE_COLUMN and line.width > line.col and len(line.text) > line.col_chars \
        and len(line.text) <= MAX_HEADLINE_CHARS and not line.dateline and not is_terminated(line.text)


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that finds any of words."""
    return re.compile("|".join(map(re.escape, words)))


def _wider_than_column(line: Line) -> bool:
    """True when a line is clearly wider than its column, which wrapped text never is.

    Digits and Latin letters are half-width in some text layers and full-width in
    others: on a page wrapped by character count, a line a little wider in display
    width that is wider in characters too stands alone.
    """
    w = line.width
    return w > 1.2 * line.col or (line.by_chars and w > line.col and len(line.text) > 1.15 * line.col_chars)


def _sentence_inside(text: str) -> bool:
    """True when a sentence ends somewhere before the end of text."""
    return bool(_TERMINAL.search(text.rstrip()[:-1]))


def _statement_inside(text: str) -> bool:
    """True when a finished statement comes before the end of text: a full stop, or a sentence end in a line with commas.

    Headlines exclaim and ask (真棒！15天落地…) but hold no full stop, and no clauses
    after a question (企业为何纷纷落户？园区负责人介绍，这里 is body text).
    """
    return "。" in text.rstrip()[:-1] or (_sentence_inside(text) and bool(_COMMA.search(text)))


def _heading_like(line: Line) -> bool:
    """True when a text line cannot be wrapped body text and so stands alone."""
    text = line.text
    if line.dateline or is_terminated(text) or unbalanced(text) or unopened(text) or "。" in text:
        return False
    if line.opens_block and line.col >= WIDE_COLUMN and len(text) <= MAX_HEADLINE_CHARS and not _COMMA_END.search(text):
        return True   # set apart by a blank line on a page whose paragraphs are not: a headline may ask or exclaim
    if 0 < line.col < WIDE_COLUMN and _wider_than_column(line) and len(text) <= MAX_HEADLINE_CHARS \
            and not _ANY_COMMA.search(text):
        return True   # wider than its column: a headline set across columns (…200亿元！漯河市…)
    if 0 < line.col < WIDE_COLUMN and line.width > line.col and len(text) > line.col_chars \
            and len(text) <= MAX_HEADLINE_CHARS and _PHRASE_GAP.search(text):
        return True   # wider than its column and phrases set apart by a space (签约 与这座城市…): display type
    if line.uniform and line.dense and shorter_than_column(line) and not _COMMA_END.search(text) \
            and not _LEAD_IN_END.search(text) and not line.finished:
        # In a column of full lines with no indents and no blank lines (an export, not a
        # PDF's text layer, whose lines break short anywhere) only a paragraph's last line
        # is short, and it ends a sentence: a short unfinished line stands alone, commas or not.
        return True
    if _sentence_inside(text) or len(text) > MAX_HEADING_CHARS:
        return False
    if _COMMA_END.search(text):
        return False
    if line.col >= WIDE_COLUMN:
        # One paragraph per line: a heading has at most one comma and no list.
        return len(_COMMA.findall(text)) <= 1 and not _LIST_MARK.search(text)
    # In a narrow column, body text carries commas; headings (almost) never do.
    if _ANY_COMMA.search(text):
        return False
    if len(text) - len(join_spaced_out_chars(text)) >= 3:
        return False  # letter-spaced by justification: the line fills its column
    if _PHRASE_GAP.search(text) and line.width < line.col:
        return True   # phrases set apart by a space (优势 布局) in a line short of its column: display type
    w = line.width
    # Narrower than its column, or a headline set across columns.
    return w <= SHORT_LINE * line.col or w > 1.2 * line.col


def _mark_above_bylines(lines: list[Line]) -> None:
    """An unfinished line right above a byline is a headline: the byline is printed under it.

    Headlines may ask, exclaim or carry a column label (…加钱？（法治聚焦）), so
    only a full stop or a finished last sentence tells body text here.
    """
    for a, b in zip(lines, lines[1:]):
        # A column label ends a headline that asks: …用好新政策？（调研手记）
        if a.kind == "text" and b.kind == "byline" and (not a.finished or _COLUMN_LABEL.search(a.text)) \
                and "。" not in a.text \
                and len(a.text) <= MAX_HEADLINE_CHARS and not a.dateline and not _COMMA_END.search(a.text):
            a.kind = "heading"


def _mark_above_decks(lines: list[Line]) -> None:
    """A short unfinished line that opens with a dash is a deck (——补短板、强弱项，需持续投入);
    a short line right above it is its head, even one that asks (投资空间有多大？)."""
    for line in lines:
        if line.kind == "text" and line.text.startswith("——") and len(line.text) <= MAX_HEADING_CHARS \
                and "。" not in line.text and not line.finished and not unbalanced(line.text) \
                and (line.col >= WIDE_COLUMN or not _ANY_COMMA.search(line.text)):   # wrapped text has commas
            line.kind = "heading"
    for a, b in zip(lines, lines[1:]):
        if a.kind == "text" and b.kind == "heading" and b.text.startswith("——") and "。" not in a.text \
                and len(a.text) <= MAX_HEADING_CHARS and not _ANY_COMMA.search(a.text) and not unopened(a.text):
            a.kind = "heading"


def _mark_before_indent(lines: list[Line], indent: int = 3) -> None:
    """An unfinished line right before an indented paragraph start is a heading.

    Mid-paragraph, the next line is as wide as the column; a paragraph's first
    line is narrower (indented) than the one after it. So an unfinished line
    wider than its column, followed by a narrower line that is followed by a
    wider one, ends no paragraph. (Lines with Latin text or digits vary in width
    in PDF text layers, so they are left to the other rules; so are lines with a
    full stop inside them, which headlines do not have: a paragraph may start
    with a short lead-in sentence, 主动服务。…, and quotes are set full- or
    half-width, which makes the width of a line that holds them a poor guide.)
    """
    for prev, a, b, c in zip([None] + lines, lines, lines[1:], lines[2:]):
        if a.kind != "text" or b.kind != "text" or c.kind != "text" or not 0 < a.col < WIDE_COLUMN:
            continue
        # After an unfinished line (a is mid-paragraph), a narrow line that ends a
        # sentence more likely ends a's paragraph than starts one.
        mid_paragraph = prev is not None and prev.kind == "text" and not prev.finished
        if a.finished or (b.finished and mid_paragraph) or unbalanced(a.text) \
                or len(a.text) > MAX_HEADING_CHARS \
                or _COMMA_OR_LATIN.search(a.text) or a.dateline or _statement_inside(a.text):
            continue
        wa, wb, wc = a.width, b.width, c.width
        if wa >= a.col + 2 and wb <= wa - indent and wc >= wb + indent and not _COMMA_END.search(b.text):
            a.kind = "heading"
    # A paragraph's first line is followed by a full line or by its finished last
    # line, never by another unfinished narrow line (the next paragraph's indent).
    for prev, a, b in zip([None] + lines, lines, lines[1:]):
        if a.kind != "text" or b.kind != "text" or not 0 < a.col < WIDE_COLUMN or (prev is not None and prev.kind == "text" and not prev.finished):
            continue
        if a.finished or b.finished or unbalanced(a.text) or len(a.text) > MAX_HEADING_CHARS \
                or _COMMA_OR_LATIN.search(a.text) or _LATIN.search(b.text) \
                or a.dateline or _statement_inside(a.text):
            continue
        if b.width <= a.col - indent:
            a.kind = "heading"


def _clause_end(line: Line) -> bool:
    """True when a line ends a sentence (finished_line) or a list item (a semicolon)."""
    return line.finished or line.text.rstrip().endswith(("；", ";"))


def _mark_dangling_runs(lines: list[Line]) -> bool:
    """Unfinished text lines right before a boundary are headings, not a paragraph.

    A paragraph ends with a full stop; up to three lines that do not, followed by
    a heading, byline, dateline or the page end, were a headline set in the column.
    A list item's closing semicolon counts as a stop too, before a heading, byline
    or dateline: a headline may follow a body that ends in the middle of a list
    (an excerpt, or a column cut off where its page ends).
    Returns whether any line changed (a new heading can make another run dangle).
    """
    changed = False
    i = 0
    while i < len(lines):
        if lines[i].kind != "text" or _clause_end(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].kind == "text" and not _clause_end(lines[j]) \
                and (j == i or not lines[j].dateline):
            j += 1
        nxt = next_non_credit(lines, j)
        at_boundary = nxt is None or lines[nxt].kind in ("heading", "byline") or lines[nxt].dateline
        run = lines[i:j]
        # After a list item's semicolon, only a run without commas right before a heading,
        # byline or dateline: at the page end it is as likely the list's cut-off last line.
        after_stop = i == 0 or lines[i - 1].kind != "text" or lines[i - 1].finished or (
            _clause_end(lines[i - 1]) and nxt is not None and not any(_ANY_COMMA.search(l.text) for l in run))
        # A headline may break inside its quotes: judge the brackets of the run and the
        # heading lines after it as a whole.
        k = j
        while k < len(lines) and lines[k].kind == "heading" and not lines[k].level:
            k += 1
        whole = "".join(l.text for l in lines[i:k])
        if at_boundary and after_stop and len(run) <= 3 and not unbalanced(whole) and not any(
                _statement_inside(l.text) or len(l.text) > MAX_HEADING_CHARS or l.dateline for l in run):
            for line in run:
                line.kind = "heading"
            changed = True
        i = max(j, i + 1)
    return changed


def _continue_split_headings(lines: list[Line]) -> None:
    """The second line of a two-line heading, when its width alone does not tell.

    It goes on a heading ending in a colon or dash; or it is narrower than its
    column and so is the line after it, which a paragraph's first (indented)
    line never is.
    """
    for a, b, c in zip(lines, lines[1:], lines[2:] + [None]):
        if a.kind != "heading" or a.level or b.kind != "text" or is_terminated(b.text) or unbalanced(b.text) \
                or b.dateline \
                or len(b.text) > MAX_HEADING_CHARS or _ANY_COMMA.search(b.text):
            continue
        narrow = 0 < b.col < WIDE_COLUMN and b.width < FULL_LINE * b.col and \
            c is not None and c.kind == "text" and c.width < FULL_LINE * b.col
        if _LEAD_IN_END.search(a.text) or narrow:
            b.kind = "heading"
