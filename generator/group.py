"""Group stage: gather articles per park, topic and month, newest first."""
from __future__ import annotations

from collections import defaultdict

from pypinyin import lazy_pinyin
from slugify import slugify

from .extract.parks import Gazetteer
from .extract.terms import load_topics
from .model import Article, Group

OTHER_SLUG = "other"


def newest_first(articles: list[Article] | tuple[Article, ...]) -> tuple[Article, ...]:
    """Articles by date, newest first; ties by source page and position (a stable double sort)."""
    ordered = sorted(articles, key=lambda a: (a.draft.source, a.draft.position))
    return tuple(sorted(ordered, key=lambda a: a.date, reverse=True))


def park_slug(name: str, gazetteer: Gazetteer) -> str:
    """The gazetteer's slug, or pinyin for a park the gazetteer does not know."""
    park = gazetteer.parks.get(name)
    return park.slug if park else slugify(" ".join(lazy_pinyin(name))) or "park"


def by_park(articles: list[Article], gazetteer: Gazetteer) -> list[Group]:
    """One group per park named in any article (sorted by slug), then 其他 for articles without a park.

    A group's articles are those about the park (primary); those that only
    mention it are in ``mentions``.
    """
    buckets: dict[str, list[Article]] = defaultdict(list)
    mentioned: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        buckets[a.park or ""].append(a)
        for name in a.parks:
            if name != a.park:
                mentioned[name].append(a)
    groups = []
    for name in sorted(set(buckets) | set(mentioned)):
        if not name:
            continue
        park = gazetteer.parks.get(name)
        info = (("full_name", park.full_name), ("province", park.province), ("city", park.city),
                ("level", park.level)) if park else (("level", "unknown"),)
        groups.append(Group("park", name, park_slug(name, gazetteer), name, newest_first(buckets.get(name, [])),
                            info, newest_first(mentioned.get(name, []))))
    groups.sort(key=lambda g: g.slug)
    if buckets.get(""):
        groups.append(Group("park", "", OTHER_SLUG, "其他", newest_first(buckets[""])))
    return groups


def by_topic(articles: list[Article]) -> list[Group]:
    """One group per taxonomy topic that has articles, in taxonomy order."""
    out = []
    for topic in load_topics():
        items = [a for a in articles if topic.name in a.topics]
        if items:
            out.append(Group("topic", topic.name, topic.slug, topic.name, newest_first(items)))
    return out


def by_month(articles: list[Article]) -> list[Group]:
    """One group per publication month, newest month first."""
    buckets: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        buckets[a.date[:7]].append(a)
    return [Group("month", m, m, f"{m[:4]}年{int(m[5:7])}月", newest_first(items))
            for m, items in sorted(buckets.items(), reverse=True)]
