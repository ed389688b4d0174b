"""Dates: when a page was published, from a manifest, its file name or its text.

Text inference reads the page as a careful reader does: the publication year is
the latest year the page reports on as past or present (a full-year statistic,
``2020年，新增…``, can only be printed the year after); the month is the latest
month of that year the page reports (``9月7日``, ``今年1-2月``). Sentences
about plans and targets (``将``, ``计划``, ``到2022年``) are not evidence.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..model import PageDate

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
FUTURE = re.compile(r"将|计划|力争|争取|预计|有望|目标|规划|开局之年|到\s*\d{4}\s*年|\d{4}\s*[—–-]+\s*\d{4}\s*年?")
_YEAR = r"(?<!\d)((?:19|20)\d{2})\s*年"
_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def from_filename(name: str) -> PageDate | None:
    """A date written in the file name (2021-05-20, 20210520, 2021_05_20).

    >>> from_filename("paper/2021-05-20_p3.txt")
    PageDate(date='2021-05-20', precision='day', source='filename')
    >>> from_filename("000_641173d0d4efca47.txt") is None
    True
    """
    m = _FILENAME_DATE.search(PurePosixPath(name).name)
    if not m:
        return None
    return PageDate(f"{m.group(1)}-{m.group(2)}-{m.group(3)}", "day", "filename")


def sentences(text: str) -> list[str]:
    """Split text into sentences at 。！？； and line ends."""
    return [s for s in re.split(r"[。！？；\n]", text) if s.strip()]


def _clause(sentence: str, start: int, end: int) -> str:
    """The comma-delimited clause of sentence around [start, end)."""
    left = max(sentence.rfind(c, 0, start) for c in "，,：:")
    rights = [i for i in (sentence.find(c, end) for c in "，,：:") if i >= 0]
    return sentence[left + 1:min(rights) if rights else len(sentence)]


def _future(sentence: str, m: re.Match) -> bool:
    """True when the clause holding a date mention speaks of plans or targets."""
    return bool(FUTURE.search(_clause(sentence, m.start(), m.end())))


def publication_year(text: str) -> int | None:
    """The latest year the text reports as past or present.

    >>> publication_year("2020 年，衡阳高新区新增市场主体3680家。2017年春，他来了。")
    2021
    >>> publication_year("2019年研发费用高达6069万元。2021年是“十四五”开局之年，该区将加快。")
    2019
    """
    best = None
    for sentence in sentences(text):
        for m in re.finditer(_YEAR, sentence):
            if _future(sentence, m):
                continue
            year = int(m.group(1))
            after = sentence[m.end():m.end() + 2]
            # A whole year's figures are printed after the year is over.
            if after.startswith(("，", ",", "底", "年底", "全年")) or sentence[max(0, m.start() - 2):m.start()] == "截至":
                year += 1
            best = year if best is None else max(best, year)
    return best


def latest_month(text: str, year: int) -> tuple[int, int] | None:
    """(month, day) of the latest event of the given year the text reports; day 0 when unknown.

    >>> latest_month("9月7日，大赛决赛举行。截至7月31日，新增3家。2018年9月，签约。", 2022)
    (9, 7)
    >>> latest_month("今年 1-2 月，营收过亿。去年 7月，纳入规划。", 2021)
    (2, 0)
    """
    best: tuple[int, int] | None = None
    for sentence in sentences(text):
        for m in re.finditer(r"(?:((?:19|20)\d{2})\s*年\s*)?(?:\d{1,2}\s*[-—~至]\s*)?(\d{1,2})\s*月(?:份)?\s*(?:(\d{1,2})\s*日)?", sentence):
            if _future(sentence, m):
                continue
            month, day = int(m.group(2)), int(m.group(3) or 0)
            prefix = sentence[:m.start()].rstrip()[-2:]
            if m.group(1) and int(m.group(1)) != year or prefix.endswith(("去年", "明年", "前年")) or not 1 <= month <= 12:
                continue
            if day > 31 or re.match(r"\d", sentence[m.end():m.end() + 1] or " "):
                continue
            best = max(best or (0, 0), (month, day))
        for word, month in (("一季度", 3), ("上半年", 6), ("前三季度", 9)):
            for hit in re.finditer(word, sentence):
                before = sentence[:hit.start()].replace(" ", "")
                named = re.search(r"(\d{4})年$", before)
                if (named and int(named.group(1)) != year) or before.endswith(("去年", "明年", "前年")):
                    continue
                best = max(best or (0, 0), (month, 0))
    return best


def from_text(text: str) -> PageDate | None:
    """The publication date a careful reader infers from a page's text."""
    year = publication_year(text)
    if year is None:
        return None
    month = latest_month(text, year)
    if month is None:
        return PageDate(f"{year}-01-01", "year", "text")
    return PageDate(f"{year}-{month[0]:02d}-{max(month[1], 1):02d}", "month", "text")
