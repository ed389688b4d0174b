"""Read-only data files shipped in generator/data (markers, surnames, parks, topics)."""
from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import operator
import re
import sys
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


@functools.lru_cache(maxsize=None)
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
    """A new, private rjieba tokenizer (jieba's dictionary and algorithm in Rust).

    rjieba's package __init__ builds a module-wide tokenizer on import, a tenth of
    a second of every worker's start-up for one this code never uses: its class is
    taken from the compiled module, loaded on its own. Should that fail (another
    layout of the package), the package is imported as usual.
    """
    module = _compiled_module("rjieba", "rjieba")
    if module is None:
        import rjieba

        return rjieba.Jieba()
    return module.Jieba()


@functools.lru_cache(maxsize=None)
def _compiled_module(package: str, name: str) -> Any:
    """package.name, an extension module, loaded without running package's __init__ (None if not found).

    Not entered in sys.modules: a later import of the package then runs as it
    would have (Python shares a compiled module's state between such loads).
    """
    if package in sys.modules:  # imported already: nothing to save
        return sys.modules.get(f"{package}.{name}")
    try:
        spec = importlib.util.find_spec(package)  # finds the package without importing it
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = Path(folder) / f"{name}{suffix}"
                if path.is_file():
                    loader = importlib.machinery.ExtensionFileLoader(f"{package}.{name}", str(path))
                    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
                    loader.exec_module(module)
                    return module
    except (ImportError, OSError):
        return None
    return None


def fields(text: str, width: int) -> list[str]:
    """The fields of every line of text that has exactly width of them, in one flat list.

    One split of the whole text when every line is width fields apart by single
    spaces (a third of the time of splitting it line by line: this is in the
    start-up of every worker); else line by line, lines of other widths left out.

    >>> fields("a 1 n\\nb 2 v\\n", 3)
    ['a', '1', 'n', 'b', '2', 'v']
    >>> fields("a 1 n\\nodd\\nb 2 v", 3)
    ['a', '1', 'n', 'b', '2', 'v']
    >>> fields("a 1 n x\\nb 2\\n", 3)
    []
    """
    lines = text.splitlines()
    flat = text.split()
    if len(flat) == width * len(lines) and set(map(operator.methodcaller("count", " "), lines)) <= {width - 1}:
        return flat
    return [f for line in lines if len(parts := line.split()) == width for f in parts]


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


@functools.lru_cache(maxsize=None)
def pattern(key: str) -> re.Pattern[str]:
    """A regular expression stored in markers.yml."""
    return re.compile(markers()[key])
