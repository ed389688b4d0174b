"""The archive's tags: of each article's proposed keywords, those that are real terms.

A keyword of one article alone is most often a word jieba made up (比学 of
比学赶超) or a detail of that story: a tag helps a reader only where it leads
to other articles. So a proposed keyword is kept when it is a term of the
dictionary (terms.txt, topics.yml, synonyms.yml) or when at least two articles
propose it. An article with fewer such words is topped up to MIN_TAGS with its
best other keywords (words of a dictionary: Tagger proposes no made-up word).
"""
from __future__ import annotations

import dataclasses
from collections import Counter

from ..model import Article
from .terms import MAX_TAGS, MIN_TAGS, tag_dictionary

MIN_ARTICLES = 2


def real_tags(articles: list[Article]) -> list[Article]:
    """The articles, each with up to MAX_TAGS of its proposed keywords that are real terms (in its order)."""
    dictionary = tag_dictionary()
    proposed = Counter(word for a in articles for word in set(a.tags))
    return [dataclasses.replace(a, tags=keep(a.tags, dictionary, proposed)) for a in articles]


def keep(words: tuple[str, ...], dictionary: frozenset[str], proposed: Counter) -> tuple[str, ...]:
    """The words that are in dictionary or proposed by MIN_ARTICLES articles, at most MAX_TAGS;
    under MIN_TAGS of them, topped up with the best of the others (words are ranked best first).

    >>> keep(("瓦斯", "孵化器", "园区", "锅炉", "煤层"), frozenset({"孵化器"}), Counter({"园区": 2, "瓦斯": 1}))
    ('孵化器', '园区', '瓦斯')
    """
    real = [w for w in words if w in dictionary or proposed[w] >= MIN_ARTICLES][:MAX_TAGS]
    return tuple(real + [w for w in words if w not in real][:max(0, MIN_TAGS - len(real))])
