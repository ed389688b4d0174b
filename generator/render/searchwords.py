"""The search words of an article page: its text as the generator segments it, for both searches.

Pagefind's own Chinese segmentation cuts 5G into 5 and G and 高新技术企业 into
高新, 技术, 企业, while the browser cuts a query otherwise (高, 新, 技术, 企业): a
term never matched as typed. So each article's front matter holds its words,
cut by jieba with the dictionary of parks and domain terms (``search_words``),
and the park-digest plugin adds them to the page as a hidden search copy
(search_html), which is all Pagefind indexes of it, in a language Pagefind does
not segment (settings.PAGEFIND_LANGUAGE). find/ cuts a query with the same
dictionary. The words stay out of the page's Markdown text, which is the article's.

Material's search cuts a Chinese query into the longest words of its index that
start each part of it, but never lets a word end on the query's last character:
知识产权 becomes 知识* 产* (any word that starts with 知识 or with 产) unless its
index holds the word 知识产, when it becomes 知识产* (知识产权 and little else). So
the hidden copy also lists, for Material, each term the article holds less its
last character (PREFIX_MIN_CHARS and longer), and Material's jieba dictionary
keeps those prefixes whole (search_dictionary).

Material matches a query word only at the start of an indexed word: 大学 never
finds 清华大学, one word in jieba's cut. So the hidden section also lists the
dictionary words inside the article's longer words (清华大学 → 清华, 华大, 大学), as
jieba's search mode cuts them (``parts``).
"""
from __future__ import annotations

import functools
import html
import re
from typing import Any

from ..extract.terms import dictionary_tokenizer, user_dictionary
from ..knowledge.gazetteer import Gazetteer
from ..model import Article
from ..textutil import CJK

PREFIX_MIN_CHARS = 3
PREFIX_FREQUENCY = 100   # whole where it stands alone; never wins over the term in running text
PART_MIN_CHARS = 3       # a word this long may hold shorter words (jieba's search mode looks inside it)
_HAN_WORD = re.compile(f"[{CJK}]+")


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


def search_words(article: Article, gazetteer: Gazetteer) -> dict[str, Any]:
    """The front matter's search_words: headline, kicker, subtitle, byline and blocks as space-separated
    words (lines, the headline first), the prefixes of the longer terms among them, and the words
    inside its longer words."""
    tokenizer, terms = segmenter(gazetteer)
    d = article.draft
    names = "、".join((*d.byline.authors, *d.byline.photographers))
    texts = (article.title, d.kicker, d.subtitle, names, *(b.text for b in d.body))
    cut = [[w for w in tokenizer.cut(t, True) if w.strip()] for t in texts]
    prefixes = sorted({w[:-1] for words in cut for w in words if w in terms and len(w) >= PREFIX_MIN_CHARS})
    words = {w for line in cut for w in line}
    return {"lines": [" ".join(line) for line in cut if line], "prefixes": prefixes,
            "parts": inner_words(words, tokenizer)}


def inner_words(words: set[str], tokenizer: Any) -> list[str]:
    """The dictionary words inside the longer Chinese words of words that are not words of it themselves.

    >>> from rjieba import Jieba
    >>> inner_words({"清华大学", "大学城", "大学", "G60"}, Jieba())
    ['华大', '清华']
    """
    long = (w for w in words if len(w) >= PART_MIN_CHARS and _HAN_WORD.fullmatch(w))
    return sorted({p for w in long for p in tokenizer.cut_for_search(w, True) if len(p) > 1} - words)


def search_html(meta: dict[str, Any]) -> str:
    """The hidden search copy of an article page, from its front matter (empty for other pages).

    Pagefind indexes only this (data-pagefind-body), with the result's title, date (to the
    month where only the month is known) and filters; Material skips it (data-search-exclude),
    but indexes the prefixes and inner words, in a section of their own (a heading with an id) so that a
    result's teaser stays the article's text.

    >>> meta = {"title": "5G&amp;园区", "date": "2021-05-01", "date_precision": "month", "park": "衡阳高新区",
    ...         "topics": ["数字经济"], "search_words": {"lines": ["5G & 园区", "正文"], "prefixes": ["衡阳高新"],
    ...         "parts": ["衡阳"]}}
    >>> print(search_html(meta))  # doctest: +NORMALIZE_WHITESPACE
    <div class="pd-search-copy" data-pagefind-body data-search-exclude hidden><span data-pagefind-meta="title:5G&amp;园区"></span><span
    data-pagefind-meta="date:2021-05"></span><span data-pagefind-filter="年份:2021"></span><span data-pagefind-filter="园区:衡阳高新区"></span><span
    data-pagefind-filter="专题:数字经济"></span><p data-pagefind-weight="7">5G &amp; 园区</p><p>正文</p></div>
    <div class="pd-search-terms" hidden><h2 id="pd-search-terms">检索词</h2><p>衡阳高新 衡阳</p></div>
    """
    words = meta.get("search_words")
    if not isinstance(words, dict):
        return ""
    e = functools.partial(html.escape, quote=True)
    # The front matter's title is HTML-escaped already (render/environment.front_matter).
    spans = [("meta", f"title:{html.unescape(str(meta.get('title', '')))}")]
    date = str(meta.get("date") or "")
    if date:
        shown = {"month": date[:7], "year": date[:4]}.get(str(meta.get("date_precision")), date)
        spans += [("meta", f"date:{shown}"), ("filter", f"年份:{date[:4]}")]
    spans.append(("filter", f"园区:{meta.get('park') or '其他'}"))
    spans += [("filter", f"专题:{t}") for t in meta.get("topics") or ()]
    lines = list(words.get("lines") or ())
    body = "".join(f'<p data-pagefind-weight="7">{e(line)}</p>' if i == 0 else f"<p>{e(line)}</p>"
                   for i, line in enumerate(lines))
    copy = ('<div class="pd-search-copy" data-pagefind-body data-search-exclude hidden>'
            + "".join(f'<span data-pagefind-{kind}="{e(value)}"></span>' for kind, value in spans) + body + "</div>")
    listed = [*(words.get("prefixes") or ()), *(words.get("parts") or ())]
    if listed:
        copy += ('\n<div class="pd-search-terms" hidden><h2 id="pd-search-terms">检索词</h2><p>'
                 + e(" ".join(listed)) + "</p></div>")
    return copy
