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


_NOT_IN_A_NAME = re.compile("[的和与及、，]")   # 位于朝阳区的产业园: a phrase, not a park's name


@dataclass(frozen=True)
class ZoneForms:
    """The forms of zone names in zones.yml, with the patterns that find them."""

    suffixes: dict[str, str]            # 高新技术产业开发区 → 高新区: what a zone's name ends with, and its short form
    kinds: tuple[str, ...]              # every ending that tells a zone's kind, for slugs (liaocheng-gaoxinqu)
    stems: tuple[str, ...]              # never after the district in a park's name
    endings: tuple[str, ...]            # a name ending so is a zone's, whatever follows it
    descriptor_chars: int               # most characters between a district and 产业园
    unknown: SuffixPattern              # a place and a zone suffix: 聊城高新区
    district_park: SuffixPattern        # a district, what it makes and 产业园: 魏都区储能产业园
    subpark_after: re.Pattern[str]      # what makes a zone's short name part of a park inside it


@functools.lru_cache(maxsize=1)
def zone_forms() -> ZoneForms:
    """zones.yml, read once."""
    data = data_yaml("zones.yml")
    suffixes = {str(k): str(v) for k, v in data["zone_suffixes"].items()}
    parks = tuple(data["district_park_suffixes"])
    subparks = "|".join(map(re.escape, data["subpark_words"]))
    return ZoneForms(suffixes, tuple(dict.fromkeys([*suffixes.values(), *suffixes, *parks])), tuple(data["zone_stems"]),
                     tuple(data["zone_endings"]), int(data["park_descriptor_chars"]),
                     SuffixPattern(2, 6, tuple(suffixes)), SuffixPattern(2, 12, parks),
                     re.compile(f"[{CJK}A-Za-z0-9]{{0,6}}?(?:{subparks})"))


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
        self.forms = zone_forms()
        # Leftmost-longest: at each place the longest alias starting there, as a reader reads it.
        self._aliases = ahocorasick_rs.AhoCorasick(list(self.by_alias), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def mentions(self, text: str) -> list[Mention]:
        """Every park named in text, leftmost-longest, gazetteer first, then by pattern."""
        forms = self.forms
        found = [Mention(start, end, self.by_alias[text[start:end]], True) for start, end in self._alias_spans(text)
                 if text[start:end].endswith(forms.endings) or not forms.subpark_after.match(text, end)]
        taken = bytearray(len(text) + 1)  # characters inside a gazetteer match
        for m in found:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        for m in forms.unknown.finditer(text):
            place = _place_prefix(m.group(1))
            if place and not any(taken[m.end(1) - len(place):m.end()]):
                name = place + forms.suffixes[m.group(2)]
                found.append(self._mention(m.end(1) - len(place), m.end(), name))
                taken[m.end(1) - len(place):m.end()] = b"\x01" * (m.end() - m.end(1) + len(place))
        for m in forms.district_park.finditer(text):
            named = _district_park(m.group(1), forms)
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


def _district_park(chars: str, forms: ZoneForms) -> str | None:
    """The district and what it makes, at the end of chars (魏都区储能 in 位于魏都区储能), or None.

    The district must be a county-level place or a city (区, 县, 市, 旗), and what
    follows it no zone's name: a park inside a zone (高新电商产业园) is not a zone.
    """
    places = place_words()
    for i in range(max(0, len(chars) - forms.descriptor_chars - 4), len(chars) - 1):
        for j in range(min(len(chars), i + 5), i + 1, -1):
            place, descriptor = chars[i:j], chars[j:]
            if len(place) >= 3 and place in places and place.endswith(("区", "县", "市", "旗")) and place not in wide_areas() \
                    and len(descriptor) <= forms.descriptor_chars and not any(s in descriptor for s in forms.stems) \
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
