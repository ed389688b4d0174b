"""Turn drafts into articles: parks, date, tags, topics, id and URL slug."""
from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter

from ..knowledge.pinyin import pinyin_slug
from ..model import Article, Draft
from .dates import PageDate
from .doubts import text_doubts
from ..knowledge.gazetteer import Gazetteer, Mention
from .terms import Tagger, topics_of
from .words import search_words

SLUG_SYLLABLES = 8
LEAD_MAX_CHARS = 90
LEAD_WINDOW = 200            # an article's subject is named this early …
PASSING_MENTION_CHARS = 800  # … or once per this many characters at least


def article_id(draft: Draft) -> str:
    """A stable id: the page's name and the opening of the body (not the title, which editors may change)."""
    first = next((b.text for b in draft.body if b.kind == "paragraph"), "")
    opening = re.sub(r"\s+", "", first)[:60]
    key = f"{draft.source}\n{opening}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def article_slug(title: str, ident: str) -> str:
    """An ASCII URL slug: pinyin of the title's opening, then the id for uniqueness.

    >>> article_slug("衡阳高新区“高企”竞速发展新赛道", "0123456789")
    'heng-yang-gao-xin-qu-gao-qi-jing-012345'
    """
    stem = pinyin_slug(title, SLUG_SYLLABLES, max_length=60, latin=False) or "article"
    return f"{stem}-{ident[:6]}"


def with_slug(article: Article, slug: str | None = None) -> Article:
    """The article with its URL slug: slug when given (made before), else made from its draft's title and id."""
    return dataclasses.replace(article, slug=slug or article_slug(article.draft.title, article.id))


def primary_park(draft: Draft, gazetteer: Gazetteer,
                 body_mentions: list[Mention] | None = None) -> tuple[str | None, tuple[str, ...]]:
    """(primary park, all parks): the headline's park first, else the park the body names most.

    body_mentions are the gazetteer's mentions in the body, when already found.
    """
    body = "\n".join(b.text for b in draft.body)
    mentions = gazetteer.mentions(body) if body_mentions is None else body_mentions
    heads = gazetteer.names_in(f"{draft.kicker}{draft.title}{draft.subtitle}")
    counts = Counter(m.name for m in mentions)
    order = list(counts)   # in order of first mention
    parks = tuple(dict.fromkeys(heads + order))
    if heads:
        return heads[0], parks
    if not order:
        return None, parks
    best = max(order, key=lambda name: (counts[name], -order.index(name)))
    # A park the headline does not name is the article's subject only where its text
    # opens with it or keeps coming back to it, not where a long report passes through it.
    lead = body[:LEAD_WINDOW]
    if best in gazetteer.names_in(lead) or counts[best] * PASSING_MENTION_CHARS >= len(body):
        return best, parks
    return None, parks


def lead_of(draft: Draft) -> str:
    """The first sentence of the body, for index pages."""
    first = next((b.text for b in draft.body if b.kind == "paragraph"), "")
    m = re.match(r"(.+?[。！？])", first)
    lead = m.group(1) if m else first
    return lead if len(lead) <= LEAD_MAX_CHARS else lead[:LEAD_MAX_CHARS - 1] + "…"


def make_article(draft: Draft, date: PageDate, gazetteer: Gazetteer, tagger: Tagger,
                 paper: str = "", page_no: int | None = None) -> Article:
    """All metadata of one draft but its URL slug, which with_slug adds.

    The slug needs pypinyin, a quarter of a second to load: page workers leave it
    to the main process, which loads pypinyin once, while they work.
    """
    text = "\n".join(b.text for b in draft.body)
    mentions = gazetteer.mentions(text)   # found once, for the parks, the unknown ones and the tags
    park, parks = primary_park(draft, gazetteer, mentions)
    ident = article_id(draft)
    reasons = list(draft.reasons)
    unknown = [m.name for m in mentions if not m.known]
    if unknown:
        reasons.append("园区名录中没有：" + "、".join(dict.fromkeys(unknown)))
    if not date.date:
        reasons.append("版面上找不到日期，显示为“日期不详”")
    reasons += text_doubts(draft)
    full = f"{draft.title}\n{text}"
    tokens = tagger.tokens(full)  # one part-of-speech pass serves tags and 园中园
    tags = tagger.tags(full, tokens, set(gazetteer.names_in(draft.title)) | {m.name for m in mentions})
    return Article(
        id=ident, slug="", draft=draft,
        date=date.date, date_precision=date.precision, date_source=date.source,
        park=park, parks=parks, subparks=tagger.subparks(full, tokens), tags=tags, topics=topics_of(f"{draft.title}\n{text}"),
        lead=lead_of(draft), chars=sum(len("".join(b.text.split())) for b in draft.body),
        paper=paper, page_no=page_no, reasons=tuple(reasons),
        search=search_words(draft.title, draft, tagger.tokenizer, tagger.user_pos, tokens))
