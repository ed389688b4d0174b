"""Parks: find high-tech zones in text with the gazetteer, and unknown ones by pattern."""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from ..resources import data_yaml, jieba_lexicon
from ..textutil import CJK

# What a zone's name ends with; the long official forms fold to the short press form.
ZONE_SUFFIXES = {"高新技术产业开发区": "高新区", "高新技术开发区": "高新区", "高新区": "高新区",
                 "经济技术开发区": "经开区", "经开区": "经开区", "农业高新技术产业示范区": "示范区"}
# A short zone name directly followed by one of these names a park inside or named after it
# (中关村数字产业园), not the zone itself.
_SUBPARK_AFTER = re.compile(f"[{CJK}A-Za-z0-9]{{0,6}}?(?:产业园|科技园|软件园|创业园|孵化器|创业中心|产业基地)")
_ZONE_ENDINGS = ("高新区", "开发区", "示范区", "园区", "经开区", "农高区")
_SUFFIXES = "|".join(sorted(ZONE_SUFFIXES, key=len, reverse=True))
_UNKNOWN_RE = re.compile(f"([{CJK}]{{2,6}}?)({_SUFFIXES})")
_SUFFIX_AT = re.compile(f"(?=(?:{_SUFFIXES}))")   # every place a zone suffix starts, overlapping or not


@dataclass(frozen=True)
class Park:
    """A gazetteer entry."""

    name: str
    full_name: str
    aliases: tuple[str, ...]
    province: str
    city: str
    level: str
    slug: str


class Mention(NamedTuple):
    """A park named in text: where, as which canonical park, and whether the gazetteer knows it.

    A named tuple: a long article names parks dozens of times, and it is made
    several times faster than a frozen dataclass.
    """

    start: int
    end: int
    name: str
    known: bool


class Gazetteer:
    """Canonical parks and every alias the press uses for them."""

    def __init__(self, parks: list[Park]):
        self.parks = {p.name: p for p in parks}
        self.by_alias: dict[str, str] = {}
        for p in parks:
            for alias in (p.name, p.full_name, *p.aliases):
                self.by_alias.setdefault(alias, p.name)
        self._re = re.compile(trie_pattern(self.by_alias))
        self._memo: dict[str, list[Mention]] = {}

    def mentions(self, text: str) -> list[Mention]:
        """Every park named in text, leftmost-longest, gazetteer first, then by pattern."""
        # The same body is asked about several times per article (park, parks, unknown, tags).
        if text in self._memo:
            return self._memo[text]
        found = self._mentions(text)
        if len(self._memo) > 64:
            self._memo.clear()
        self._memo[text] = found
        return found

    def _mentions(self, text: str) -> list[Mention]:
        """mentions() without the memo."""
        found = [Mention(m.start(), m.end(), self.by_alias[m.group()], True) for m in self._re.finditer(text)
                 if m.group().endswith(_ZONE_ENDINGS) or not _SUBPARK_AFTER.match(text, m.end())]
        taken = bytearray(len(text) + 1)  # characters inside a gazetteer match
        for m in found:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        for m in unknown_zone_matches(text):
            if any(taken[m.start():m.end()]):
                continue
            place = _place_prefix(m.group(1))
            if place:
                start = m.end(1) - len(place)
                name = place + ZONE_SUFFIXES[m.group(2)]
                known = name in self.by_alias
                found.append(Mention(start, m.end(), self.by_alias.get(name, name), known))
        return sorted(found, key=lambda m: m.start)

    def names_in(self, text: str) -> list[str]:
        """Canonical names of the parks in text, in order of first mention."""
        return list(dict.fromkeys(m.name for m in self.mentions(text)))

    def counts(self, text: str) -> Counter[str]:
        """How often each park is named in text."""
        return Counter(m.name for m in self.mentions(text))


def unknown_zone_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of _UNKNOWN_RE.finditer(text), found by trying it only where a match can start.

    A match starts 2 to 6 characters before a zone suffix (高新区 …), so it is
    tried at those places only, left to right, each past the last match, rather
    than at every character of the text: the same matches, several times faster
    on a long body.

    >>> text = "落地聊城高新区，与某某经开区和中国高新区"
    >>> [m.group() for m in unknown_zone_matches(text)] == [m.group() for m in _UNKNOWN_RE.finditer(text)]
    True
    """
    end = 0    # where the last match ended: no match starts inside it
    tried = 0  # the places before this were tried (suffixes come in order, so their places do too)
    for suffix in _SUFFIX_AT.finditer(text):
        at = suffix.start()
        for i in range(max(end, tried, at - 6), at - 1):
            m = _UNKNOWN_RE.match(text, i)
            if m:
                end = m.end()  # past this suffix: the places left before it are inside the match
                yield m
                break
        tried = max(tried, at - 1)


def trie_pattern(words) -> str:
    """A regex matching any of words, longest first, shaped as a trie (fast on many words).

    >>> re.findall(trie_pattern(["衡阳高新区", "衡阳国家高新区", "光谷"]), "衡阳国家高新区与光谷")
    ['衡阳国家高新区', '光谷']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _place_prefix(chars: str) -> str | None:
    """The city or county name at the end of chars (聊城 in 落地聊城), by jieba's place words.

    A country or province (中国高新区, 江苏省高新区) names a set of zones, not one.
    """
    places = place_words()
    wide = wide_areas()
    for k in range(len(chars), 1, -1):
        if chars[-k:] in places:
            return None if chars[-k:] in wide or chars[-k - 1:] in wide else chars[-k:]
    return None


@functools.lru_cache(maxsize=None)
def wide_areas() -> frozenset[str]:
    """Names of the country and provinces (full and short), which are not single parks."""
    names = {"中国", "全国", "我国", "国家", "全省", "各地"}
    for park in load_gazetteer().parks.values():
        province = park.province
        if province in ("北京市", "天津市", "上海市", "重庆市"):
            continue  # municipalities are cities too
        names.add(province)
        names.add(re.sub("(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", province))
    return frozenset(names)


@functools.lru_cache(maxsize=None)
def place_words() -> frozenset[str]:
    """Place names (tag ns) from jieba's dictionary, plus every gazetteer city and county."""
    cities = {park.city.rstrip("市") for park in load_gazetteer().parks.values()}
    return jieba_lexicon()[1] | cities


@functools.lru_cache(maxsize=None)
def load_gazetteer() -> Gazetteer:
    """The gazetteer shipped in generator/data/parks.yml."""
    data = data_yaml("parks.yml")
    parks = [Park(p["name"], p["full_name"], tuple(p.get("aliases") or ()), p["province"], p["city"],
                  p["level"], p["slug"]) for p in data["parks"]]
    return Gazetteer(parks)
