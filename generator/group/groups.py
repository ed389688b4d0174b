"""Group stage: gather articles per park, topic and month, newest first."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable

from slugify import slugify

from ..knowledge.pinyin import pinyin
from ..knowledge.gazetteer import Gazetteer, place_words, zone_forms
from ..extract.terms import load_topics
from ..model import Article, Group, Neighbours

OTHER_SLUG = "other"


def newest_first(articles: list[Article] | tuple[Article, ...]) -> tuple[Article, ...]:
    """Articles by date, newest first, undated ones last; ties by source page and position (a stable double sort)."""
    ordered = sorted(articles, key=lambda a: (a.draft.source, a.draft.position))
    return tuple(sorted(ordered, key=lambda a: a.date, reverse=True))


def park_slug(name: str, gazetteer: Gazetteer) -> str:
    """The gazetteer's slug, or one in its style for a park it does not know: place, then kind.

    >>> from generator.knowledge.gazetteer import load_gazetteer
    >>> park_slug("聊城高新区", load_gazetteer()), park_slug("临颍县食品产业园", load_gazetteer())
    ('liaocheng-gaoxinqu', 'linyingxian-shipin-chanyeyuan')
    """
    park = gazetteer.parks.get(name)
    if park:
        return park.slug
    words = _slug_words(name)
    return slugify(" ".join("".join(pinyin().lazy_pinyin(w, errors="ignore")) for w in words)) or "park"


def _slug_words(name: str) -> list[str]:
    """A park's name cut as the gazetteer's slugs cut it: the place, what else names it, the kind of zone."""
    kind = next((k for k in sorted(zone_forms().kinds, key=len, reverse=True) if name.endswith(k) and len(name) > len(k)), "")
    rest = name[:len(name) - len(kind)]
    places = place_words()
    place = next((rest[:k] for k in range(len(rest), 1, -1) if rest[:k] in places), "")
    return [w for w in (place, rest[len(place):], kind) if w]


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
                ("level", park.level), ("kind", park.kind)) if park else (("level", "unknown"),)
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
    # Undated articles ("") sort last, under 日期不详.
    return [Group("month", m, m or "undated", f"{m[:4]}年{int(m[5:7])}月" if m else "日期不详", newest_first(items))
            for m, items in sorted(buckets.items(), reverse=True)]


def neighbours_in_lists(parks: list[Group], months: list[Group],
                        tag_anchors: dict[str, str] | None = None) -> dict[str, Neighbours]:
    """Each article's previous and next article (older, newer) in its primary park's list and its month's list.

    The lists are the ones the park and archive pages show (newest first), so
    a reader paging through an article's neighbours sees the same order. With
    tag_anchors (tag → anchor on the tags page), each article's tags are linked.
    """
    found: dict[str, dict] = defaultdict(dict)
    for kind, groups in (("park", parks), ("month", months)):
        for g in groups:
            items = g.articles
            for i, a in enumerate(items):
                found[a.id].update({f"{kind}_title": g.title, f"{kind}_slug": g.slug,
                                    f"{kind}_older": items[i + 1] if i + 1 < len(items) else None,
                                    f"{kind}_newer": items[i - 1] if i else None})
                if tag_anchors is not None:
                    found[a.id]["tag_links"] = tuple((t, tag_anchors[t]) for t in a.tags)
    return {ident: Neighbours(**fields) for ident, fields in found.items()}


def related(articles: list[Article], count: int,
            only: list[Article] | None = None) -> list[tuple[Article, ...]]:
    """For each article (or each of only, in its order), others on the same park or topic, nearest in time first."""
    nearest = related_finder(articles, count)
    return [nearest(a) for a in (articles if only is None else only)]


def related_finder(articles: list[Article] | tuple[Article, ...], count: int) -> Callable[[Article], tuple[Article, ...]]:
    """A function giving an article's related articles among these (the index is built once, here).

    Sharing the primary park counts most, then any park, then each shared topic;
    ties go to the nearer date, then to source order (deterministic). Only the
    articles nearest in date under each key are candidates, so the cost grows
    with the number of articles, not its square.
    """
    from bisect import bisect_left
    from datetime import date

    day = {a.id: date.fromisoformat(a.date).toordinal() if a.date else 0 for a in articles}
    by_key: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        for key in _keys(a):
            by_key[key].append(a)
    for items in by_key.values():
        items.sort(key=lambda b: (day[b.id], b.draft.source, b.draft.position))
    days = {key: [day[b.id] for b in items] for key, items in by_key.items()}
    reach = 2 * count

    def nearest(a: Article) -> tuple[Article, ...]:
        scores: dict[str, float] = defaultdict(float)
        seen: dict[str, Article] = {}
        for key in _keys(a):
            weight = 3.0 if key == f"p:{a.park}" else (2.0 if key.startswith("p:") else 1.0)
            items, at = by_key[key], bisect_left(days[key], day[a.id])
            for b in items[max(0, at - reach):at + reach + 1]:
                if b.id != a.id:
                    scores[b.id] += weight
                    seen[b.id] = b
        ranked = sorted(seen.values(), key=lambda b: (-scores[b.id], abs(day[a.id] - day[b.id]),
                                                      b.draft.source, b.draft.position))
        return tuple(ranked[:count])

    return nearest


def _keys(a: Article) -> set[str]:
    """The park and topic keys an article is filed under."""
    return {*(f"p:{p}" for p in a.parks), *(f"t:{t}" for t in a.topics)}


def neighbours(group: Group, limit: int = 8) -> list[tuple[str, int]]:
    """Parks most often named together with the group's park, with how often."""
    counts: Counter[str] = Counter()
    for a in group.articles + group.mentions:
        counts.update(p for p in set(a.parks) if p != group.key)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def subparks_of(group: Group) -> list[tuple[str, int]]:
    """园中园 named in the park's own coverage, with how many articles name each."""
    counts: Counter[str] = Counter(s for a in group.articles for s in set(a.subparks))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
