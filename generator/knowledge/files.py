"""Read-only data files shipped in generator/data (markers, surnames, parks, topics)."""
from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import Any, Container

import yaml


DATA_DIR = Path(__file__).parent.parent / "data"


def data_text(name: str) -> str:
    """The text of a data file of the package."""
    return (DATA_DIR / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def data_yaml(name: str) -> Any:
    """A YAML data file of the package, parsed once (by libyaml when present: same result, faster)."""
    return yaml.load(data_text(name), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def markers() -> dict[str, Any]:
    """Newspaper conventions: datelines, byline roles, credit markers …"""
    return data_yaml("markers.yml")


@functools.lru_cache(maxsize=None)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    names = [l.strip() for l in data_text("surnames.txt").splitlines() if l.strip() and not l.startswith("#")]
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


def common_words() -> Container[str]:
    """Words of 2–4 characters in jieba's dictionary that are not person names."""
    return jieba_lexicon()[0]


def jieba_file(*parts: str) -> Path | None:
    """The path of a data file that ships with jieba, None when jieba is installed zipped."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed: pip install jieba")
    path = Path(spec.submodule_search_locations[0]).joinpath(*parts)
    return path if path.is_file() else None


def jieba_data(*parts: str) -> str:
    """The text of a data file that ships with jieba (its dictionary, its IDF table).

    Found through the package's import spec: importing jieba itself would load its
    HMM tables, a quarter of a second of every worker's start-up spent for nothing.
    """
    path = jieba_file(*parts)
    if path is None:  # installed zipped, say: ask the package (it gets imported)
        from importlib import resources

        return resources.files("jieba").joinpath(*parts).read_text(encoding="utf-8")
    return path.read_text(encoding="utf-8")


def rjieba_tokenizer() -> Any:
    """A new, private rjieba tokenizer (jieba's dictionary and algorithm in Rust)."""
    import rjieba

    return rjieba.Jieba()


def fields(text: str, width: int) -> list[str]:
    """The fields of every line of text that has exactly width of them, in one flat list.

    >>> fields("a 1 n\\nodd\\nb 2 v", 3)
    ['a', '1', 'n', 'b', '2', 'v']
    """
    return [f for line in text.splitlines() if len(parts := line.split()) == width for f in parts]


@functools.lru_cache(maxsize=None)
def jieba_lexicon() -> tuple[Container[str], frozenset[str]]:
    """From jieba's dictionary, read once: (common words of 2–4 characters, place names of 2–5).

    Common words are those not tagged as person names (nr…); place names are tagged ns.
    Kept in the per-user cache of tables between runs: the quarter of a million
    common words as a trie, which only ever answers ``word in common``.
    """
    from .tables import cached, pack_word_trie, pack_words, unpack_word_trie, unpack_words

    source = jieba_file("dict.txt")
    common = cached("common-words", source, lambda: parse_lexicon()[0], pack_word_trie, unpack_word_trie)
    places = cached("place-words", source, lambda: parse_lexicon()[1], pack_words, unpack_words)
    return common, places


@functools.lru_cache(maxsize=1)
def parse_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """jieba_lexicon, parsed from the dictionary file itself."""
    # The dictionary file ships with jieba: read it, without loading jieba's global tokenizer.
    rows = fields(jieba_data("dict.txt"), 3)
    words, tags = rows[0::3], rows[2::3]
    common = frozenset([w for w, tag in zip(words, tags) if 2 <= len(w) <= 4 and not tag.startswith("nr")])
    places = frozenset([w for w, tag in zip(words, tags) if tag == "ns" and 2 <= len(w) <= 5])
    return common, places


def pattern(key: str) -> re.Pattern[str]:
    """A regular expression stored in markers.yml."""
    return re.compile(markers()[key])
