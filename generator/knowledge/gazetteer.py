"""Parks: find high-tech zones in text with the gazetteer, and unknown ones by pattern."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

import ahocorasick_rs

from .files import data_yaml, jieba_lexicon
from ..textutil import CJK


class SuffixPattern:
    """A pattern of a short name and a suffix (``([CJK]{2,6}?)(高新区|…)``), found as finditer would, but fast.

    Trying the pattern at every character costs a sixth of a run at 1,000 articles
    (each position tries every name length and suffix); here it is tried only just
    before the places where a suffix starts, found by plain substring search.

    >>> [m.groups() for m in SuffixPattern(2, 6, ("高新区", "经开区")).finditer("落地聊城高新区，与经开区，位于西安高新区")]
    [('落地聊城', '高新区'), ('位于西安', '高新区')]
    """

    def __init__(self, shortest: int, longest: int, suffixes: tuple[str, ...]):
        self.suffixes = tuple(sorted(suffixes, key=len, reverse=True))   # longest first, as the pattern tries them
        self.pattern = re.compile(f"([{CJK}]{{{shortest},{longest}}}?)({'|'.join(self.suffixes)})")
        self.shortest, self.longest, self.reach = shortest, longest, max(map(len, suffixes))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of the pattern in text, left to right and not overlapping, like re.finditer."""
        pos = 0
        for q in self._suffix_starts(text):
            if q < pos + self.shortest:
                continue   # no room for a name between the last match and this suffix
            m = self.pattern.search(text, max(pos, q - self.longest), q + self.reach)
            # A match whose suffix starts after q may be cut short by the window: the search from there finds it whole.
            if m is not None and m.start(2) <= q:
                yield m
                pos = m.end()

    def _suffix_starts(self, text: str) -> list[int]:
        """Every position where a suffix starts, overlapping ones too, in order."""
        starts: set[int] = set()
        for suffix in self.suffixes:
            at = text.find(suffix)
            while at >= 0:
                starts.add(at)
                at = text.find(suffix, at + 1)
        return sorted(starts)


# What a zone's name ends with; the long official forms fold to the short press form.
ZONE_SUFFIXES = {"高新技术产业开发区": "高新区", "高新技术开发区": "高新区", "高新区": "高新区",
                 "经济技术开发区": "经开区", "经开区": "经开区", "农业高新技术产业示范区": "示范区",
                 "经济开发区": "经济开发区", "综合保税区": "综保区", "综保区": "综保区"}
# Industrial parks named after their district with what they make (魏都区储能产业园).
_PARK_SUFFIXES = ("产业园", "工业园区", "工业园")
MAX_PARK_DESCRIPTOR = 6   # characters between the district and 产业园
# The kinds of zone a name ends with, for slugs in the gazetteer's style (liaocheng-gaoxinqu).
ZONE_KINDS = tuple(dict.fromkeys(list(ZONE_SUFFIXES.values()) + list(ZONE_SUFFIXES) + list(_PARK_SUFFIXES)))
_NOT_IN_A_NAME = re.compile("[的和与及、，]")   # 位于朝阳区的产业园: a phrase, not a park's name
_ZONE_STEMS = ("高新", "经开", "开发区", "园区", "产业园")   # a park inside a zone (高新电商产业园) is no zone
# A short zone name directly followed by one of these names a park inside or named after it
# (中关村数字产业园), not the zone itself.
_SUBPARK_AFTER = re.compile(f"[{CJK}A-Za-z0-9]{{0,6}}?(?:产业园|科技园|软件园|创业园|孵化器|创业中心|产业基地)")
_DISTRICT_PARK = SuffixPattern(2, 12, _PARK_SUFFIXES)
_ZONE_ENDINGS = ("高新区", "开发区", "示范区", "园区", "经开区", "农高区")
_UNKNOWN = SuffixPattern(2, 6, tuple(ZONE_SUFFIXES))


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
    kind: str = "高新区"   # 高新区, 经开区, 自创区, 综保区 …


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
        # Leftmost-longest: at each place the longest alias starting there, as a reader reads it.
        self._aliases = ahocorasick_rs.AhoCorasick(list(self.by_alias), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def mentions(self, text: str) -> list[Mention]:
        """Every park named in text, leftmost-longest, gazetteer first, then by pattern."""
        found = [Mention(start, end, self.by_alias[text[start:end]], True) for start, end in self._alias_spans(text)
                 if text[start:end].endswith(_ZONE_ENDINGS) or not _SUBPARK_AFTER.match(text, end)]
        taken = bytearray(len(text) + 1)  # characters inside a gazetteer match
        for m in found:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        for m in _UNKNOWN.finditer(text):
            place = _place_prefix(m.group(1))
            if place and not any(taken[m.end(1) - len(place):m.end()]):
                name = place + ZONE_SUFFIXES[m.group(2)]
                found.append(self._mention(m.end(1) - len(place), m.end(), name))
                taken[m.end(1) - len(place):m.end()] = b"\x01" * (m.end() - m.end(1) + len(place))
        for m in _DISTRICT_PARK.finditer(text):
            named = _district_park(m.group(1))
            if named and not any(taken[m.end(1) - len(named):m.end()]):
                found.append(self._mention(m.end(1) - len(named), m.end(), named + m.group(2)))
        return sorted(found, key=lambda m: m.start)

    def _alias_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the aliases in text, leftmost-longest: at each place the longest alias starting there.

        >>> load_gazetteer()._alias_spans("衡阳国家高新区与光谷")
        [(0, 7), (8, 10)]
        """
        return [(start, end) for _alias, start, end in self._aliases.find_matches_as_indexes(text)]

    def _mention(self, start: int, end: int, name: str) -> Mention:
        """A mention of a zone found by its form: the gazetteer's park when one has that name."""
        return Mention(start, end, self.by_alias.get(name, name), name in self.by_alias)

    def names_in(self, text: str) -> list[str]:
        """Canonical names of the parks in text, in order of first mention."""
        return list(dict.fromkeys(m.name for m in self.mentions(text)))


def _place_prefix(chars: str) -> str | None:
    """The city or county name at the end of chars (聊城 in 落地聊城), by jieba's place words.

    A zone is often named after its district without 区 or 县 (颍泉 for 颍泉区).
    A country or province (中国高新区, 江苏省高新区) names a set of zones, not one.
    """
    places = place_words()
    wide = wide_areas()
    for k in range(len(chars), 1, -1):
        stem = chars[-k:]
        if stem in places or (k == 2 and any(stem + end in places for end in "区县")):
            return None if stem in wide or chars[-k - 1:] in wide else stem
    return None


def _district_park(chars: str) -> str | None:
    """The district and what it makes, at the end of chars (魏都区储能 in 位于魏都区储能), or None.

    The district must be a county-level place or a city (区, 县, 市, 旗), and what
    follows it no zone's name: a park inside a zone (高新电商产业园) is not a zone.
    """
    places = place_words()
    for i in range(max(0, len(chars) - MAX_PARK_DESCRIPTOR - 4), len(chars) - 1):
        for j in range(min(len(chars), i + 5), i + 1, -1):
            place, descriptor = chars[i:j], chars[j:]
            if len(place) >= 3 and place in places and place.endswith(("区", "县", "市", "旗")) and place not in wide_areas() \
                    and len(descriptor) <= MAX_PARK_DESCRIPTOR and not any(s in descriptor for s in _ZONE_STEMS) \
                    and not _NOT_IN_A_NAME.search(descriptor):
                return chars[i:]
    return None


@functools.lru_cache(maxsize=None)
def wide_areas() -> frozenset[str]:
    """Names of the country and provinces (full and short) and generic places (山区), which are not single parks."""
    names = set(data_yaml("markers.yml")["generic_places"])
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
                  p["level"], p["slug"], p.get("kind", "高新区")) for p in data["parks"]]
    return Gazetteer(parks)
