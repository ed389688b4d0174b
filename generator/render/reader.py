"""What readers and editors see besides the text: an article's source line, year groups of long lists,
and the ready-to-paste overrides.yml block of the review page."""
from __future__ import annotations

import re
from typing import Any

import yaml

from ..model import Article
from .environment import UNDATED, cn_date

# Date sources that are the page's own word (its masthead, the editors' manifest, an
# editor's correction …); a date inferred from the text is not something to cite.
CITABLE_DATES = ("manifest", "masthead", "front-matter", "filename", "override")
LONG_LIST = 20   # a park's or topic's list longer than this is shown under year headings


def source_line(a: Article) -> str:
    """Where an article was printed, as a reader would cite it: paper, date, page.

    Only what the page (or an editor) gives; the seed file and the article's
    place on it when nothing else is known.

    >>> from generator.model import Draft
    >>> d = Draft("2021/kjrb_p5.txt", 3, "标题", "article", ())
    >>> a = Article("x", "x", d, "2025-11-13", "day", "masthead", None, (), (), (), (), "", 0, "人民日报", 2)
    >>> source_line(a)
    '《人民日报》2025年11月13日 第2版'
    >>> from dataclasses import replace
    >>> source_line(replace(a, paper="", page_no=None, date_source="text"))
    '版面文件 2021/kjrb_p5.txt 第 3 篇'
    """
    parts = []
    if a.paper:
        parts.append(f"《{a.paper}》")
    if a.date and a.date_source in CITABLE_DATES:
        parts.append(cn_date(a.date, a.date_precision))
    if a.page_no:
        parts.append(f" 第{a.page_no}版")
    if parts:
        return "".join(parts).strip()
    return f"版面文件 {a.draft.source} 第 {a.draft.position} 篇"


def by_year(articles: tuple[Article, ...] | list[Article]) -> list[tuple[str, list[Article]]]:
    """Articles (newest first) under their year, in the same order; undated ones under 日期不详.

    >>> from generator.model import Draft
    >>> d = Draft("p.txt", 1, "标题", "article", ())
    >>> arts = [Article(str(i), "s", d, date, "day", "text", None, (), (), (), (), "", 0)
    ...         for i, date in enumerate(["2022-05-01", "2022-01-02", "2021-03-04", ""])]
    >>> [(y, len(items)) for y, items in by_year(arts)]
    [('2022 年', 2), ('2021 年', 1), ('日期不详', 1)]
    """
    years: dict[str, list[Article]] = {}
    for a in articles:
        years.setdefault(f"{a.date[:4]} 年" if a.date else UNDATED, []).append(a)
    return list(years.items())


def overrides_block(a: Article, known_park: bool) -> str:
    """The article's entry for seeds/overrides.yml, with its current values for the editor to correct.

    A park the gazetteer does not know cannot be written there: it is given as
    null (no park), with the name in a comment. Values are YAML-quoted where they need it.
    """
    def value(v: Any) -> str:
        dumped = yaml.safe_dump(v, allow_unicode=True, default_flow_style=True, width=1000)
        return dumped.removesuffix("\n...\n").rstrip("\n")

    lines = ["articles:", f"  {value(a.id)}:", f"    title: {value(a.title)}"]
    if a.park and known_park:
        lines.append(f"    park: {value(a.park)}")
    else:
        note = f"  # 园区名录中没有“{_comment(a.park)}”：填名录中的园区名，或保留 null" if a.park else "  # 填名录中的园区名，或保留 null"
        lines.append("    park: null" + note)
    if a.date:
        lines.append(f"    date: {value(a.date)}" + ("" if a.date_precision == "day" else "  # 只知道月份：改成版面日期"))
    else:
        lines.append("    # date: YYYY-MM-DD  # 填版面日期")
    lines.append(f"    topics: {value(list(a.topics))}")
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    """Text safe inside a YAML comment: one line."""
    return re.sub(r"\s+", " ", text)


def code_fence(text: str) -> str:
    """A backtick fence longer than any run of backticks in text (so the text cannot close it).

    >>> code_fence("a ``` b"), code_fence("plain")
    ('````', '```')
    """
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)
