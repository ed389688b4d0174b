"""Tags and topics: keywords by jieba (a private tokenizer), topics from the taxonomy."""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ahocorasick_rs

from ..knowledge.files import data_text, data_yaml, fields, jieba_data, jieba_file, rjieba_tokenizer
from ..knowledge.gazetteer import Gazetteer

if TYPE_CHECKING:
    from ..knowledge.tables import Weights

MIN_TAGS, MAX_TAGS = 3, 8
# Each article proposes this many words; tags.real_tags keeps those that are real terms.
CANDIDATES = 20
# Nouns, named things and noun-like verbs: plain verbs (突破, 依托) make poor tags.
TAG_POS = ("n", "nz", "vn", "nt", "nw", "ns", "l", "j", "eng")
_TAG_POS = frozenset(TAG_POS)


@dataclass(frozen=True)
class Topic:
    """A topic of the taxonomy and the terms that signal it."""

    name: str
    slug: str
    terms: tuple[str, ...]


def domain_terms() -> list[tuple[str, int, str]]:
    """(term, frequency, part of speech) from terms.txt."""
    out = []
    for line in data_text("terms.txt").splitlines():
        parts = line.split()
        if not parts or line.startswith("#"):
            continue
        out.append((parts[0], int(parts[1]) if len(parts) > 1 else 500, parts[2] if len(parts) > 2 else "n"))
    return out


def stop_words() -> frozenset[str]:
    """Words never used as tags."""
    return frozenset(l.strip() for l in data_text("stopwords.txt").splitlines() if l.strip() and not l.startswith("#"))


@functools.lru_cache(maxsize=None)
def synonyms() -> dict[str, str]:
    """Each variant of synonyms.yml → its canonical form (高企 → 高新技术企业)."""
    table = data_yaml("synonyms.yml").get("synonyms") or {}
    return {str(v): str(canon) for canon, variants in table.items() for v in variants or ()}


def tag_dictionary() -> frozenset[str]:
    """The words that are always real terms: domain terms, canonical synonyms and the longer topic terms.

    A topic's two-character terms (投资, 合作, 落地) signal it in a text but are too common to
    be tags on their own account: like any word, they are tags where two articles propose them.
    """
    words = {term for term, _f, _p in domain_terms()} | {t for topic in load_topics() for t in topic.terms if len(t) > 2}
    return frozenset(words | set(synonyms().values()))


def park_places(gazetteer: Gazetteer) -> frozenset[str]:
    """Places that are parks already (衡阳 of 衡阳高新区, its city, its province): no tags, the park says them."""
    out = set()
    for park in gazetteer.parks.values():
        for name in (park.name, *park.aliases):
            for suffix in (park.kind, *_PARK_SUFFIXES):
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    out.add(name[:-len(suffix)])
        for place in (*park.city.split("、"), park.province):
            out.add(_PLACE_SUFFIX.sub("", place))
    return frozenset(w for w in out if len(w) >= 2)


@functools.lru_cache(maxsize=None)
def load_topics() -> tuple[Topic, ...]:
    """The topic taxonomy of topics.yml, in file order."""
    return tuple(Topic(t["name"], t["slug"], tuple(str(x) for x in t["terms"] if str(x).strip()))
                 for t in data_yaml("topics.yml")["topics"])


def user_dictionary(gazetteer: Gazetteer) -> str:
    """A jieba user dictionary of park names and domain terms (also used by site search)."""
    lines = [f"{term} {freq} {pos}" for term, freq, pos in domain_terms()]
    for alias in sorted(gazetteer.by_alias):
        if " " not in alias:
            lines.append(f"{alias} 1000 nt")
    for topic in load_topics():
        lines.extend(f"{term} 300 n" for term in topic.terms if len(term) > 1 and " " not in term)
    return "\n".join(dict.fromkeys(lines)) + "\n"


def dictionary_tokenizer(gazetteer: Gazetteer) -> tuple[Any, dict[str, str]]:
    """A new private rjieba tokenizer that keeps every park name and domain term whole, and each term's part of speech."""
    tokenizer = rjieba_tokenizer()
    pos: dict[str, str] = {}
    for line in user_dictionary(gazetteer).splitlines():
        word, freq, tag = line.split()
        tokenizer.add_word(word, int(freq), tag)
        pos.setdefault(word, tag)   # a term listed twice keeps its first part of speech
    return tokenizer, pos


@functools.lru_cache(maxsize=None)
def idf_table() -> tuple[Weights | dict[str, float], float]:
    """jieba's IDF table (word → inverse document frequency; read with get) and its median.

    Kept in the per-user cache of tables, and read back from there as a trie.
    """
    from ..knowledge.tables import cached, pack_weights, unpack_weights

    return cached("idf", jieba_file("analyse", "idf.txt"), parse_idf, pack_weights, unpack_weights)


def parse_idf() -> tuple[dict[str, float], float]:
    """idf_table, parsed from jieba's file."""
    # Read as a file: importing jieba.analyse would build its default (global) TF-IDF
    # and part-of-speech tables, which we do not use.
    pairs = iter(fields(jieba_data("analyse", "idf.txt"), 2))
    idf = dict(zip(pairs, map(float, pairs)))
    values = sorted(idf.values())
    return idf, values[len(values) // 2]


class Tagger:
    """Keywords and 园中园 from one part-of-speech pass with a private tokenizer.

    The tokenizer is rjieba's (jieba's dictionary and algorithm in Rust): a
    private instance, so words added here never leak into the jieba that
    Material's search uses, and each text is tagged once for all uses.
    """

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        # rjieba keeps its own tag for a word it already knows; ours must win (高新 is a name part here).
        self.tokenizer, self.user_pos = dictionary_tokenizer(gazetteer)
        self.idf, self.median_idf = idf_table()
        self.stop = stop_words()
        self.park_words = set(gazetteer.by_alias) | park_places(gazetteer)
        self.synonyms = synonyms()

    def tokens(self, text: str) -> list[tuple[str, str]]:
        """(word, part of speech) for every word of text."""
        pos = self.user_pos
        return [(w, pos.get(w, p)) for w, p in self.tokenizer.tag(text)]

    def known(self, word: str) -> bool:
        """True when the tokenizer's dictionary has the word."""
        return self.tokenizer.has_word(word)

    def tags(self, text: str, tokens: list[tuple[str, str]] | None = None,
             named: set[str] | None = None) -> tuple[str, ...]:
        """Up to CANDIDATES keywords by TF-IDF that occur in text, synonyms merged: no stop words, numbers or parks.

        tokens (text's own, as tokens() gives them) and named (the parks text names)
        may be given when already known.
        """
        tokens = self.tokens(text) if tokens is None else tokens
        named = set(self.gazetteer.names_in(text)) if named is None else named
        counts: dict[str, int] = {}
        # Each distinct (word, part of speech) counted in C first, then judged once.
        for (word, pos), n in Counter(tokens).items():
            # Words of a dictionary only: jieba's HMM makes up words (比学 of 比学赶超) that are no tags.
            if pos in _TAG_POS and word not in named and self._tag_word(word) and self.known(word):
                word = self.synonyms.get(word, word)
                counts[word] = counts.get(word, 0) + n
        total = sum(counts.values()) or 1
        ranked = sorted(counts, key=lambda w: (-counts[w] * self.idf.get(w, self.median_idf) / total, w))
        picked: list[str] = []
        for word in ranked:
            if not any(word in p or p in word for p in picked):
                picked.append(word)
            if len(picked) == CANDIDATES:
                break
        return tuple(picked)

    def subparks(self, text: str, tokens: list[tuple[str, str]] | None = None) -> tuple[str, ...]:
        """Parks inside a zone (园中园) named in text."""
        if not _SUBPARK_SUFFIX.search(text):
            return ()  # no word of text can end with a park word: no pass over its words
        return tuple(_subpark_names(self, self.tokens(text) if tokens is None else tokens))

    def _tag_word(self, word: str) -> bool:
        """True when word can be a tag of some text: no stop word, number, park or place name."""
        return len(word) >= 2 and word not in self.stop and not _DIGIT.search(word) and word not in self.park_words \
            and not word.endswith(("高新区", "开发区", "示范区", "省", "市", "县")) and not _SHORT_LATIN.fullmatch(word)


_DIGIT = re.compile(r"\d")
_PARK_SUFFIXES = ("高新区", "经开区", "开发区", "示范区", "新区", "园区")
_PLACE_SUFFIX = re.compile(r"(省|市|特别行政区|(壮族|回族|维吾尔)?自治区|地区|自治州|盟)$")
_SHORT_LATIN = re.compile(r"[A-Za-z]{1,2}")
SUBPARK_SUFFIXES = ("软件园", "产业园", "科技园", "创业园", "孵化器", "众创空间", "创业中心", "创新中心",
                    "产业基地", "科学城", "智谷", "加速器", "总部基地", "文创园", "电商园", "智造园")
_SUBPARK_SUFFIX = re.compile("|".join(map(re.escape, SUBPARK_SUFFIXES)))
_NAME_POS = {"n", "nr", "ns", "nt", "nz", "nrt", "eng", "j", "l", "nw", "an", "b", "ng", "x", "m"}
_PROPER_POS = {"nr", "ns", "nt", "nz", "nrt", "eng", "nw", "j"}
_NOT_NAME_START = ("该", "本", "这", "此", "其", "各", "国家", "省级", "市级", "全国", "十大", "重点")


def _subpark_names(tagger: "Tagger", tokens: list[tuple[str, str]]) -> list[str]:
    """Parks inside a zone (园中园) named in text, e.g. 湘南湘西高新软件园, in order of mention.

    A name is a run of noun-like words ending with a park word (软件园, 孵化器 …)
    that holds a proper name: a place, a brand, or a word jieba does not know;
    a mere description (电商产业园) is not a name.
    """
    names: list[str] = []
    for i, (word, _pos) in enumerate(tokens):
        if not word.endswith(SUBPARK_SUFFIXES):
            continue
        j = i
        while j > 0 and tokens[j - 1][1] in _NAME_POS and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", tokens[j - 1][0]) \
                and sum(len(t[0]) for t in tokens[j - 1:i + 1]) <= 16:
            j -= 1
        # Not part of a name: a leading designation, or a number with its measure word (2.0 版…).
        while j < i and (tokens[j][0].startswith(_NOT_NAME_START) or tokens[j][1] in ("m", "q")
                         or re.fullmatch(r"[0-9.]+", tokens[j][0])):
            number = tokens[j][1] == "m" or re.fullmatch(r"[0-9.]+", tokens[j][0])
            j += 1
            if number and j < i and len(tokens[j][0]) == 1:
                j += 1
        if 0 < j < i and tokens[j - 1][1] == "m" and len(tokens[j][0]) == 1:
            j += 1  # the measure word of a number just before the name
        parts = tokens[j:i + 1]
        name = "".join(t[0] for t in parts)
        prefix = name[:-len(next(s for s in SUBPARK_SUFFIXES if word.endswith(s)))]
        proper = any(t[1] in _PROPER_POS or not tagger.known(t[0]) for t in parts[:-1]) or \
            (len(parts) == 1 and not tagger.known(word))
        designation = any(w in name for w in ("省级", "市级", "国家级", "示范", "公司")) or re.search(r"\d+[个家座]", name)
        if len(prefix) >= 2 and proper and not designation and name not in tagger.park_words:
            names.append(name)
    names = list(dict.fromkeys(names))
    # "高新软件园" after "湘南湘西高新软件园" is the same park named short.
    return [n for n in names if not any(n != m and m.endswith(n) for m in names)]


def topics_of(text: str, limit: int = 3) -> tuple[str, ...]:
    """The 1–3 taxonomy topics whose terms text uses most (at least one topic when any term occurs)."""
    minimum = data_yaml("topics.yml").get("min_hits", 2)
    topics = load_topics()
    order = {t.name: i for i, t in enumerate(topics)}
    hits = dict.fromkeys(order, 0)
    finder, uses = _topic_terms()
    # The terms text holds, found in one pass (not one pass per term), then each counted
    # as str.count counts it: a term listed under two topics counts for both.
    for term in set(finder.find_matches_as_strings(text, overlapping=True)) if finder is not None else ():
        n = text.count(term)
        for name in uses[term]:
            hits[name] += n
    ranked = [name for name, n in sorted(hits.items(), key=lambda kv: (-kv[1], order[kv[0]])) if n > 0]
    strong = [name for name in ranked if hits[name] >= minimum][:limit]
    return tuple(strong or ranked[:1])


@functools.lru_cache(maxsize=None)
def _topic_terms() -> tuple[ahocorasick_rs.AhoCorasick | None, dict[str, tuple[str, ...]]]:
    """An Aho–Corasick automaton of the topic terms (None if there are none), and the topics each term counts for."""
    uses: dict[str, list[str]] = {}
    for topic in load_topics():
        for term in topic.terms:
            uses.setdefault(term, []).append(topic.name)   # a term listed twice counts twice, as it always did
    if not uses:
        return None, {}
    # Standard matching: every term found, overlapping ones too (园区 inside 高新园区).
    finder = ahocorasick_rs.AhoCorasick(list(uses), matchkind=ahocorasick_rs.MatchKind.Standard)
    return finder, {term: tuple(names) for term, names in uses.items()}
