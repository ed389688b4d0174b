"""The search copies of an article page, made of its search words (extract/words.py).

Pagefind indexes a hidden copy of each article's text as the generator cut it
into words (search_html), in a language Pagefind does not segment
(settings.PAGEFIND_LANGUAGE); find/ cuts a query with the same dictionary.
Material indexes, in a hidden section of its own, the prefixes of the article's
longer terms and the words inside its longer words; Material's jieba dictionary
keeps those prefixes whole (search_dictionary). The words stay out of the page's
Markdown text, which is the article's.
"""
from __future__ import annotations

import functools
import html
from typing import Any

from ..extract.terms import dictionary_tokenizer, user_dictionary
from ..extract.words import PREFIX_MIN_CHARS, search_words
from ..knowledge.gazetteer import Gazetteer
from ..model import Article

PREFIX_FREQUENCY = 100   # whole where it stands alone; never wins over the term in running text


@functools.lru_cache(maxsize=4)
def segmenter(gazetteer: Gazetteer) -> tuple[Any, frozenset[str]]:
    """A private rjieba tokenizer that keeps every park name and domain term whole, and those terms."""
    tokenizer, pos = dictionary_tokenizer(gazetteer)
    return tokenizer, frozenset(pos)


def search_dictionary(gazetteer: Gazetteer) -> str:
    """The jieba user dictionary of Material's search: parks and terms, and the prefixes of the longer ones."""
    text = user_dictionary(gazetteer)
    words = {line.split()[0] for line in text.splitlines()}
    prefixes = sorted({w[:-1] for w in words if len(w) >= PREFIX_MIN_CHARS} - words)
    return text + "".join(f"{p} {PREFIX_FREQUENCY} n\n" for p in prefixes)


def article_search_words(article: Article, gazetteer: Gazetteer, pagefind: bool = False) -> dict[str, Any]:
    """The front matter's search_words: those the page worker cut, unless an editor changed the headline.

    Only then is the text cut again here (with a tokenizer of this process, loaded on first use).
    The lines (the whole text) are for Pagefind's copy alone: a site built without
    Pagefind leaves them out, a third of the page's size.
    """
    words = article.search
    if words is None or article.title_override:
        tokenizer, terms = segmenter(gazetteer)
        words = search_words(article.title, article.draft, tokenizer, terms)
    # The prefixes and parts as one string each: YAML writes a list item by item, which
    # took a third of an article page's front matter time.
    shown = {"lines": list(words.lines)} if pagefind else {}
    shown |= {key: " ".join(value) for key, value in (("prefixes", words.prefixes), ("parts", words.parts)) if value}
    return shown


def search_html(meta: dict[str, Any]) -> str:
    """The hidden search copies of an article page, from its front matter (empty for other pages).

    Pagefind indexes only its copy (data-pagefind-body), made where the front matter
    has the lines (a site built for Pagefind), with the result's title, date (to the
    month where only the month is known) and filters; Material skips it (data-search-exclude),
    but indexes the prefixes and inner words, in a section of their own (a heading with an id) so that a
    result's teaser stays the article's text.

    >>> meta = {"title": "5G&amp;园区", "date": "2021-05-01", "date_precision": "month", "park": "衡阳高新区",
    ...         "topics": ["数字经济"], "search_words": {"lines": ["5G & 园区", "正文"], "prefixes": "衡阳高新",
    ...         "parts": "衡阳"}}
    >>> print(search_html(meta))  # doctest: +NORMALIZE_WHITESPACE
    <div class="pd-search-copy" data-pagefind-body data-search-exclude hidden><span data-pagefind-meta="title:5G&amp;园区"></span><span
    data-pagefind-meta="date:2021-05"></span><span data-pagefind-filter="年份:2021"></span><span data-pagefind-filter="园区:衡阳高新区"></span><span
    data-pagefind-filter="专题:数字经济"></span><p data-pagefind-weight="7">5G &amp; 园区</p><p>正文</p></div>
    <div class="pd-search-terms" hidden><h2 id="pd-search-terms">检索词</h2><p>衡阳高新 衡阳</p></div>
    >>> del meta["search_words"]["lines"]
    >>> print(search_html(meta))
    <div class="pd-search-terms" hidden><h2 id="pd-search-terms">检索词</h2><p>衡阳高新 衡阳</p></div>
    """
    words = meta.get("search_words")
    if not isinstance(words, dict):
        return ""
    copies = [pagefind_copy(meta, words["lines"])] if "lines" in words else []
    listed = " ".join(str(words[key]) for key in ("prefixes", "parts") if words.get(key))
    if listed:
        copies.append('<div class="pd-search-terms" hidden><h2 id="pd-search-terms">检索词</h2><p>'
                      + html.escape(listed) + "</p></div>")
    return "\n".join(copies)


def pagefind_copy(meta: dict[str, Any], lines: list[str]) -> str:
    """The copy of an article Pagefind indexes: its words (lines), and its title, date and filters."""
    e = functools.partial(html.escape, quote=True)
    # The front matter's title is HTML-escaped already (render/environment.front_matter).
    spans = [("meta", f"title:{html.unescape(str(meta.get('title', '')))}")]
    date = str(meta.get("date") or "")
    if date:
        shown = {"month": date[:7], "year": date[:4]}.get(str(meta.get("date_precision")), date)
        spans += [("meta", f"date:{shown}"), ("filter", f"年份:{date[:4]}")]
    spans.append(("filter", f"园区:{meta.get('park') or '其他'}"))
    spans += [("filter", f"专题:{t}") for t in meta.get("topics") or ()]
    body = "".join(f'<p data-pagefind-weight="7">{e(line)}</p>' if i == 0 else f"<p>{e(line)}</p>"
                   for i, line in enumerate(lines or ()))
    return ('<div class="pd-search-copy" data-pagefind-body data-search-exclude hidden>'
            + "".join(f'<span data-pagefind-{kind}="{e(value)}"></span>' for kind, value in spans) + body + "</div>")
