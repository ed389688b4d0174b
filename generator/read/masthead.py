"""Page furniture that says where a page comes from: masthead date lines and input front matter.

A newspaper page prints a folio line at its top (sometimes at its foot):
paper, date, weekday, page number and section, in any order
(``人民日报  2025年11月13日  星期四  第2版  要闻``). It is the page's date and
source, and never part of an article. Scrapers and CMS exports put YAML front
matter above the text instead. Both are cut from the page before segmentation
(their lines are left blank, so line numbers still point into the file).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

import yaml

from ..clean.fixers import fold_fullwidth_alnum

CN_NUMERALS = "〇零一二三四五六七八九十"
_CN_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*|[-./])(?P<m>[01]?\d)\s*(?:月\s*|[-./])(?P<d>[0-3]?\d)\s*日?"
    f"|(?P<cy>[{CN_NUMERALS}]{{4}})年(?P<cm>[{CN_NUMERALS}]{{1,2}})月(?P<cd>[{CN_NUMERALS}]{{1,3}})日")
# A weekday or page number standing alone (after the date, or between spaces), not 每周六 or 3.0版.
_WEEKDAY = re.compile(r"(?<![\u4e00-\u9fff])(?<!每)(?:星期|礼拜|周)[一二三四五六日天](?![\u4e00-\u9fff])|(?<=日)(?:星期|礼拜)[一二三四五六日天]")
_PAGE_NO = re.compile(r"第\s*([0-9]{1,3})\s*版|(?<![\S])([A-Z]?)([0-9]{1,3})\s*版(?![\u4e00-\u9fff])")
MAX_LEFTOVER_WORDS = 2   # besides date, weekday and page: the paper's name and the section
_SENTENCE = re.compile("[。，；！？,;!?]")
_PAPER = re.compile(r"[\u4e00-\u9fff]{1,12}(?<![通简公汇情预年])(?:报|刊)")   # not 通报, 简报, 公报 …
_MONTH = re.compile(r"((?:19|20)\d{2})\s*年\s*([01]?\d)\s*月")
_LUNAR = re.compile(r"农历[\u4e00-\u9fff]{2,12}")
MAX_MASTHEAD_CHARS = 80
EDGE_LINES = 3            # a folio without a paper's name counts only this near the top or foot
FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class Masthead:
    """What a page's folio line says."""

    date: str              # YYYY-MM-DD
    paper: str = ""
    page_no: int | None = None
    section: str = ""
    line: int = 0
    precision: str = "day"   # a folio that gives only the month: month


@dataclass(frozen=True)
class FrontMatter:
    """The fields of a page's YAML front matter that park-digest uses."""

    title: str = ""
    date: str = ""         # YYYY-MM-DD, or YYYY-MM
    authors: tuple[str, ...] = ()
    paper: str = ""


def _cn_number(text: str) -> int:
    """二〇二五 → 2025 (digit by digit); 十四 → 14, 二十 → 20, 三十一 → 31.

    >>> _cn_number("二〇二五"), _cn_number("十四"), _cn_number("二十"), _cn_number("三十一"), _cn_number("九")
    (2025, 14, 20, 31, 9)
    """
    if "十" not in text:
        return int("".join(str(_CN_VALUE[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[ones] if ones else 0)


def date_in(text: str) -> tuple[str, re.Match[str]] | None:
    """The first full date (year, month, day) written in text, as YYYY-MM-DD, with its match.

    >>> date_in("2025年1月14日  星期二")[0], date_in("二〇二五年一月十四日")[0], date_in("2025.03.05 第5版")[0]
    ('2025-01-14', '2025-01-14', '2025-03-05')
    >>> date_in("2025年13月1日") is None
    True
    """
    for m in _DATE.finditer(fold_fullwidth_alnum(text)):
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            try:
                y, mo, d = (_cn_number(m.group(g)) for g in ("cy", "cm", "cd"))
            except (KeyError, ValueError):
                continue
        try:
            return datetime.date(y, mo, d).isoformat(), m
        except ValueError:   # 2月30日: no such day
            continue
    return None


def parse_masthead(line: str) -> Masthead | None:
    """The masthead a line is, or None: a date with a weekday or page number, and no sentence.

    >>> parse_masthead("人民日报  2025年11月13日  星期四  第2版  要闻")
    Masthead(date='2025-11-13', paper='人民日报', page_no=2, section='要闻', line=0, precision='day')
    >>> parse_masthead("2025年3月12日 星期三 经济日报 第6版：产业").paper
    '经济日报'
    >>> parse_masthead("科技日报 2024.05.20 05版 区域").page_no
    5
    >>> parse_masthead("2025年1月14日，园区举行签约仪式") is None
    True
    """
    text = fold_fullwidth_alnum(line).strip()
    if not text or len(text) > MAX_MASTHEAD_CHARS or _SENTENCE.search(text):
        return None
    found = date_in(text)
    if found is None:
        return _month_masthead(text)
    date, m = found
    page = _PAGE_NO.search(text)
    if not (_WEEKDAY.search(text) or page):
        return None
    rest = _LUNAR.sub(" ", _WEEKDAY.sub(" ", text)).replace(m.group(0), " ")
    before, _, after = rest.partition(page.group(0)) if page else (rest, "", "")
    tokens = _words(before) + _words(after)
    if len(tokens) > MAX_LEFTOVER_WORDS:
        return None   # a line with more to say than a folio's name and section: a headline, say
    paper = next((t for t in tokens if _PAPER.fullmatch(t)), "")
    # The section is the word printed after the page number (第2版  要闻), else any word left.
    section = next((t for t in _words(after) if t != paper), "") or next((t for t in tokens if t != paper), "")
    return Masthead(date, paper, int(page.group(1) or page.group(3)) if page else None, section)


def _words(text: str) -> list[str]:
    """The words of a folio line's remainder, without separators and brackets."""
    return [t for t in re.split(r"[\s:：|｜/·《》（）()]+", text) if t]


def _month_masthead(text: str) -> Masthead | None:
    """A folio line that gives only the month: the paper's name and the month, nothing else.

    >>> _month_masthead("合肥日报  2020年10月")
    Masthead(date='2020-10-01', paper='合肥日报', page_no=None, section='', line=0, precision='month')
    >>> _month_masthead("2020年10月") is None
    True
    """
    m = _MONTH.search(text)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        return None
    words = [t for t in re.split(r"\s+", text.replace(m.group(0), " ")) if t]
    if len(words) != 1 or not _PAPER.fullmatch(words[0]):
        return None
    return Masthead(f"{m.group(1)}-{int(m.group(2)):02d}-01", words[0], precision="month")


def split_mastheads(text: str) -> tuple[str, list[Masthead]]:
    """The page's text with its masthead lines blanked out, and the mastheads in page order.

    >>> rest, found = split_mastheads("人民日报  2025年1月14日  星期二  第11版  政治\\n\\n标题\\n正文。")
    >>> rest, found[0].date, found[0].line
    ('\\n\\n标题\\n正文。', '2025-01-14', 1)
    """
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    edges = set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])
    found: list[Masthead] = []
    for i, line in enumerate(lines):
        head = parse_masthead(line)
        # Inside a page, only a line that names its paper and the day: a folio, not a stray date.
        if head is not None and (i in edges or (head.paper and head.precision == "day")):
            found.append(replace(head, line=i + 1))
            lines[i] = ""
    return "\n".join(lines), found


def split_front_matter(text: str) -> tuple[str, FrontMatter | None]:
    """The page's text with a leading YAML front matter blanked out, and its fields.

    Text that opens with ``---`` but holds no mapping is left as it is.

    >>> rest, fm = split_front_matter("---\\ntitle: 园区新闻\\ndate: 2024-05-06\\nauthor: 张三\\n---\\n正文。")
    >>> rest, fm.title, fm.date, fm.authors
    ('\\n\\n\\n\\n\\n正文。', '园区新闻', '2024-05-06', ('张三',))
    """
    m = FRONT_MATTER.match(text)
    if not m:
        return text, None
    try:
        meta = yaml.load(m.group(1) or "", Loader=yaml.BaseLoader)   # strings: a date is checked by date_in
    except yaml.YAMLError:
        return text, None
    if not isinstance(meta, dict):
        return text, None
    blank = "\n" * m.group(0).count("\n")
    return blank + text[m.end():], _front_matter_fields(meta)


def _front_matter_fields(meta: dict) -> FrontMatter:
    """The fields park-digest reads, under the names exporters use."""
    def first(*keys: str) -> object:
        return next((meta[k] for k in keys if meta.get(k) not in (None, "", [])), "")

    authors = first("authors", "author", "byline", "作者", "记者")
    if isinstance(authors, str):
        authors = re.split(r"[\s,，、;；]+", authors)
    names = tuple(str(a).strip() for a in authors or () if str(a).strip()) if isinstance(authors, (list, tuple, str)) else ()
    raw_date = str(first("date", "published", "pubdate", "日期") or "")
    found = date_in(raw_date)
    date = found[0] if found else (m.group(0) if (m := re.match(r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])", raw_date)) else "")
    return FrontMatter(str(first("title", "标题") or "").strip(), date, names,
                       str(first("paper", "publication", "newspaper", "报纸") or "").strip())
