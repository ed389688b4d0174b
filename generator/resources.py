"""Read-only data files shipped in generator/data (markers, surnames, parks, topics)."""
from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


DATA_DIR = Path(__file__).parent / "data"


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


def common_words() -> frozenset[str]:
    """Words of 2–4 characters in jieba's dictionary that are not person names."""
    return jieba_lexicon()[0]


@functools.lru_cache(maxsize=None)
def jieba_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """From jieba's dictionary, read once: (common words of 2–4 characters, place names of 2–5).

    Common words are those not tagged as person names (nr…); place names are tagged ns.
    """
    # The dictionary file ships with jieba: read it, without loading jieba's global tokenizer.
    common, places = set(), set()
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3:
                continue
            word, tag, size = parts[0], parts[2], len(parts[0])
            if 2 <= size <= 4 and not tag.startswith("nr"):
                common.add(word)
            if 2 <= size <= 5 and tag == "ns":
                places.add(word)
    return frozenset(common), frozenset(places)


@functools.lru_cache(maxsize=None)
def pattern(key: str) -> re.Pattern[str]:
    """A regular expression stored in markers.yml."""
    return re.compile(markers()[key])
