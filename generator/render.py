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

from .errors import DigestError
from .model import Article

_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.M)


def md(text: Any) -> str:
    """Escape text so Markdown shows it literally, as one line.

    >>> md('<script>alert(1)</script> [x](javascript:y) # *a*')
    '&lt;script&gt;alert(1)&lt;/script&gt; \\\\[x\\\\](javascript:y) # \\\\*a\\\\*'
    >>> md("# 标题")
    '\\\\# 标题'
    """
    text = re.sub(r"\s+", " ", str(text)).strip()
    text = html.escape(text, quote=True)
    text = re.sub(r"([\\`*_\[\]{}|~])", r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def attr(text: Any) -> str:
    """Escape text for a double-quoted admonition title or HTML attribute."""
    return html.escape(re.sub(r"\s+", " ", str(text)).strip(), quote=True)


def xml(text: Any) -> str:
    """Escape text for an XML element (feeds).

    >>> xml('A & <b> "c"')
    'A &amp; &lt;b&gt; &quot;c&quot;'
    """
    return html.escape(str(text), quote=True)


def rfc822(date: str) -> str:
    """An RSS date (RFC 822) from YYYY-MM-DD, at noon UTC.

    >>> rfc822("2022-09-07")
    'Wed, 07 Sep 2022 12:00:00 +0000'
    """
    import datetime
    import email.utils

    day = datetime.datetime.strptime(date, "%Y-%m-%d").replace(hour=12, tzinfo=datetime.timezone.utc)
    return email.utils.format_datetime(day)


def front_matter(data: dict[str, Any]) -> str:
    """YAML front-matter block (always valid YAML, Chinese kept readable)."""
    clean = {k: v for k, v in data.items() if v not in (None, "", [], ())}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: same output, faster
    return "---\n" + yaml.dump(clean, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def environment(templates: Path) -> jinja2.Environment:
    """A Jinja2 environment over the site templates folder."""
    if not templates.is_dir():
        raise DigestError(f"{templates}: templates folder not found")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=False, autoescape=False)
    env.filters.update(md=md, attr=attr, xml=xml, rfc822=rfc822)
    return env


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
