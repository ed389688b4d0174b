"""Render stage: Jinja2 templates in site_templates/ turn articles and groups into Markdown.

Every piece of input text goes through the ``md`` filter, which escapes HTML and
Markdown syntax, so nothing from a page can become a tag, a link or a heading.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ..errors import DigestError
from ..model import Article

# Marks that start a block at the start of a line: headings, lists, rules, setext
# underlines, admonitions (!!!) and collapsible blocks (???).
_LINE_START = re.compile(r"^(\s*)(?:([+\-!])|([=?])|(\d+)([.)]))", re.M)
# Characters Python-Markdown cannot backslash-escape are written as character references.
_REFERENCES = {"=": "&#61;", "?": "&#63;", "~": "&#126;", "`": "&#96;", "[": "&#91;", "]": "&#93;",
               "*": "&#42;", "{": "&#123;", "}": "&#125;", "\\": "&#92;", "_": "&#95;"}


def _line_start(m: re.Match) -> str:
    lead, mark, plain, number, dot = m.groups()
    if mark:
        return f"{lead}\\{mark}"
    if plain:
        return lead + _REFERENCES[plain]
    return f"{lead}{number}\\{dot}"


_SPACES = re.compile(r"\s+")
_MD_SPECIAL = re.compile(r"([\\`*_{}|#])")
_BRACKETS = re.compile(r"[~\[\]]")


def md(text: Any) -> str:
    """Escape text so Markdown shows it literally, as one line.

    >>> md('<script>alert(1)</script> [x](javascript:y) # *a*')
    '&lt;script&gt;alert(1)&lt;/script&gt; &#91;x&#93;(javascript:y) \\\\# \\\\*a\\\\*'
    >>> md("# 标题")
    '\\\\# 标题'
    >>> md("1. 第一项 ~删除~"), md("!!! danger"), md("=== 标题")
    ('1\\\\. 第一项 &#126;删除&#126;', '\\\\!!! danger', '&#61;== 标题')
    """
    text = _SPACES.sub(" ", str(text)).strip()
    # Every # is escaped: in a heading a trailing # would be taken for closing hashes.
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # Brackets as references: Python-Markdown reads "[\]:" in link text as a reference definition.
    text = _BRACKETS.sub(lambda m: _REFERENCES[m.group()], html.escape(text, quote=True))
    return _LINE_START.sub(_line_start, text)


_ATTR_REFERENCED = re.compile(r"[`\[\]*{}\\~]")
_LONE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")


def attr(text: Any) -> str:
    """Escape text for a double-quoted admonition title, a code span or an HTML attribute.

    Admonition titles are Markdown, so links, emphasis and attribute lists are
    escaped as character references; a backtick cannot end a code span. An
    underscore between two letters (``2021_p3``) cannot start emphasis and stays.

    >>> attr('[x](javascript:y) *a* {: onclick=z } `c` "q" <b>')
    '&#91;x&#93;(javascript:y) &#42;a&#42; &#123;: onclick=z &#125; &#96;c&#96; &quot;q&quot; &lt;b&gt;'
    >>> attr("2021-05-20_p3.txt"), attr("_a_")
    ('2021-05-20_p3.txt', '&#95;a&#95;')
    """
    text = html.escape(_SPACES.sub(" ", str(text)).strip(), quote=True)
    text = _ATTR_REFERENCED.sub(lambda m: _REFERENCES[m.group()], text)
    return _LONE_UNDERSCORE.sub(_REFERENCES["_"], text)


def xml(text: Any) -> str:
    """Escape text for an XML element (feeds).

    >>> xml('A & <b> "c"')
    'A &amp; &lt;b&gt; &quot;c&quot;'
    """
    return html.escape(str(text), quote=True)


UNDATED = "日期不详"    # shown where a page gave no date (none is ever invented)


def month(date: str) -> str:
    """The month an article is listed under, or 日期不详 when its page gave no date.

    >>> month("2025-01-14"), month("")
    ('2025-01', '日期不详')
    """
    return date[:7] or UNDATED


def cn_date(date: str, precision: str = "day") -> str:
    """A date as a Chinese reader writes it, to the precision known.

    >>> cn_date("2025-11-13"), cn_date("2025-11-01", "month"), cn_date("")
    ('2025年11月13日', '2025年11月', '日期不详')
    """
    if not date:
        return UNDATED
    y, m, d = date.split("-")
    return f"{int(y)}年{int(m)}月" + ("" if precision in ("month", "year") else f"{int(d)}日")


def rfc822(date: str) -> str:
    """An RSS date (RFC 822) from YYYY-MM-DD: midnight in Beijing time, as the site-wide feed dates it.

    mkdocs-rss-plugin reads the same front-matter date at midnight in its
    default_timezone (Asia/Shanghai, mkdocs.yml); China has kept UTC+8 all year since 1991.

    >>> rfc822("2022-09-07")
    'Wed, 07 Sep 2022 00:00:00 +0800'
    """
    import datetime
    import email.utils

    beijing = datetime.timezone(datetime.timedelta(hours=8))
    return email.utils.format_datetime(datetime.datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=beijing))


def front_matter(data: dict[str, Any]) -> str:
    """YAML front-matter block (always valid YAML, Chinese kept readable).

    >>> data = {"title": "衡阳高新区：5G 园区", "kicker": "", "date": "2022-09-07", "tags": ["高企"], "page": 3}
    >>> print(front_matter(data), end="")
    ---
    title: 衡阳高新区：5G 园区
    date: '2022-09-07'
    tags:
    - 高企
    page: 3
    ---
    """
    clean = {k: v for k, v in data.items() if v not in (None, "", [], ())}
    # The theme prints these as HTML (<title>, header, <meta content="…">): escape them here.
    for key in ("title", "description"):
        if isinstance(clean.get(key), str):
            clean[key] = html.escape(clean[key], quote=True)
    # PyYAML's own emitter in C (libyaml) when it is installed: the pure-Python SafeDumper
    # writes the same text but adds 12 % to a 1,000-article generate (benchmarks/README.md).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(clean, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def environment(templates: Path, cache_dir: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment over the site templates folder; compiled templates are kept in cache_dir, if given."""
    if not templates.is_dir():
        raise DigestError(f"{templates}: templates folder not found")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=False, autoescape=False,
                             auto_reload=False,  # one run, one version of each template: no stat per page
                             bytecode_cache=_bytecode_cache(cache_dir / "templates") if cache_dir else None)
    env.filters.update(md=md, attr=attr, xml=xml, rfc822=rfc822, month=month, cn_date=cn_date)
    return env


MAX_COMPILED_TEMPLATES = 200   # each edit of a template leaves its old compiled version behind


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Jinja2's cache of compiled templates in folder (compiling them all takes a fourteenth of a second).

    Jinja2 checks each entry against its template's source and writes them
    atomically. Old versions are dropped all at once when there are many. None
    when the folder cannot be made: the templates are then compiled every run.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cache = _CompiledTemplates(str(folder))
        if sum(1 for _ in folder.iterdir()) > MAX_COMPILED_TEMPLATES:
            cache.clear()
        return cache
    except OSError:
        return None


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja2's file cache of compiled templates, where one that cannot be saved is compiled again next run."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Save a compiled template; a folder that is not writable only costs the compiling."""
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def article_front_matter(a: Article) -> dict[str, Any]:
    """The front-matter schema of an article page (documented in the README)."""
    d = a.draft
    return {
        "title": a.title,
        "description": a.lead,
        "subtitle": d.subtitle,
        "kicker": d.kicker,
        "park": a.park,
        "parks": list(a.parks),
        "subparks": list(a.subparks),
        "date": a.date,
        "date_precision": a.date_precision,
        "date_source": a.date_source,
        "authors": list(d.byline.authors),
        "photographers": list(d.byline.photographers),
        "tags": list(a.tags),
        "topics": list(a.topics),
        "kind": d.kind,
        "source": d.source,
        "position": d.position,
        "paper": a.paper,
        "page": a.page_no,
        "id": a.id,
        "overridden": list(a.overridden),
        "review": list(a.reasons),
        "readtime": max(1, round(a.chars / 400)),
    }


def render(env: jinja2.Environment, template: str, **context: Any) -> str:
    """Render one template with the given context."""
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateError as err:
        where = getattr(err, "filename", None) or template
        line = getattr(err, "lineno", None)
        raise DigestError(f"{where}{':' + str(line) if line else ''}: {err}") from err
