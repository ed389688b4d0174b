"""The search copy of an article page: its words as the generator segments them, for Pagefind.

Pagefind's own Chinese segmentation cuts 5G into 5 and G and 高新技术企业 into
高新, 技术, 企业, while the browser cuts a query otherwise (高, 新, 技术, 企业): a
term never matched as typed. The article pages therefore carry a hidden copy of
their text, cut by jieba with the dictionary of parks and domain terms and
space-separated, and the site is indexed as a language Pagefind does not
segment (settings.PAGEFIND_LANGUAGE): the words of the index are these words,
and find/ cuts a query with the same dictionary.
"""
from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from typing import Any

from ..extract.terms import user_dictionary
from ..knowledge.files import rjieba_tokenizer
from ..knowledge.gazetteer import Gazetteer
from ..model import Article


@dataclass(frozen=True)
class SearchCopy:
    """An article's words for the search index: the headline, then one line per block."""

    title: str
    lines: tuple[str, ...]


@functools.lru_cache(maxsize=4)
def segmenter(gazetteer: Gazetteer) -> Any:
    """A private rjieba tokenizer that keeps every park name and domain term whole."""
    tokenizer = rjieba_tokenizer()
    for line in user_dictionary(gazetteer).splitlines():
        word, freq, pos = line.split()
        tokenizer.add_word(word, int(freq), pos)
    return tokenizer


def search_words(text: str, tokenizer: Any) -> str:
    """text as space-separated words, HTML-escaped (spaces of the text itself are dropped).

    >>> class Cut:
    ...     def cut(self, text, hmm): return ["5G", "基站", " ", "<", "a", ">"]
    >>> search_words("5G基站 <a>", Cut())
    '5G 基站 &lt; a &gt;'
    """
    return " ".join(html.escape(w, quote=False) for w in tokenizer.cut(text, True) if w.strip())


def search_copy(article: Article, gazetteer: Gazetteer) -> SearchCopy:
    """The words of an article's headline, kicker, subtitle, byline and body for the search index."""
    tokenizer = segmenter(gazetteer)
    d = article.draft
    head = [d.kicker, d.subtitle, " ".join((*d.byline.authors, *d.byline.photographers))]
    lines = (search_words(t, tokenizer) for t in (*head, *(b.text for b in d.body)))
    return SearchCopy(search_words(article.title, tokenizer), tuple(line for line in lines if line))
