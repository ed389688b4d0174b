"""Editors' files in the seeds folder: a page manifest and per-article overrides.

Both are YAML; a wrong entry is an error that names the file and line, and the
run writes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ..errors import DigestError
from ..model import Article, PageDate
from ..settings import OVERRIDES_NAME, SEEDS_MANIFEST_NAME as MANIFEST_NAME  # also read by the no-change check

OVERRIDABLE = ("title", "park", "date", "tags", "topics")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


@dataclass(frozen=True)
class PageInfo:
    """What the manifest says about one page."""

    date: PageDate | None
    paper: str
    page_no: int | None


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when installed: 20x faster on big manifests


class _TextDatesLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves dates as text, so a wrong date is our clear error, not a crash."""


_TextDatesLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


class YamlTree:
    """A YAML file's text, composed into nodes only when an error needs a line number."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._node: yaml.Node | None = None

    @property
    def node(self) -> yaml.Node | None:
        """The composed node tree (made once, on first use)."""
        if self._node is None:
            self._node = yaml.compose(self.text, Loader=_TextDatesLoader)
        return self._node


def _load(path: Path) -> tuple[Any, YamlTree]:
    """Parse a YAML file; keep its text for line numbers in error messages."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        return yaml.load(text, Loader=_TextDatesLoader), YamlTree(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise DigestError(f"{path}{line}: not valid YAML ({getattr(err, 'problem', err)})") from err


def _line(node: yaml.Node | None, *keys: Any) -> int:
    """1-based line of the entry at keys in a composed YAML tree (0 when unknown)."""
    for n, key in enumerate(keys):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if pair is None:
                return 0
            if n == len(keys) - 1:
                return pair[0].start_mark.line + 1  # the key's own line
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return 0
    return node.start_mark.line + 1 if node is not None else 0


def _fail(path: Path, tree: YamlTree | None, keys: tuple[Any, ...], message: str) -> DigestError:
    line = _line(tree.node if tree else None, *keys)
    return DigestError(f"{path}{':' + str(line) if line else ''}: {message}")


def load_manifest(seeds: Path, pages: set[str]) -> dict[str, PageInfo]:
    """The optional seeds/manifest.yml: ``pages: [{file, paper, date, page}]``."""
    path = seeds / MANIFEST_NAME
    if not path.exists():
        return {}
    data, node = _load(path)
    entries = (data or {}).get("pages") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise _fail(path, node, (), "expected a list under 'pages:'")
    out: dict[str, PageInfo] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise _fail(path, node, ("pages", i), "each page needs 'file: <name of a page in the seeds folder>'")
        name = entry["file"]
        if name not in pages:
            raise _fail(path, node, ("pages", i, "file"), f"no page named {name!r} in the seeds folder")
        date = str(entry.get("date", "")) if entry.get("date") is not None else ""
        if date and not _DATE.match(date):
            raise _fail(path, node, ("pages", i, "date"), f"date {date!r} is not YYYY-MM-DD")
        page_no = entry.get("page")
        if page_no is not None and (not isinstance(page_no, int) or page_no < 1):
            raise _fail(path, node, ("pages", i, "page"), f"page {page_no!r} is not a page number")
        out[name] = PageInfo(PageDate(date, "day", "manifest") if date else None,
                             str(entry.get("paper") or ""), page_no)
    return out


def load_overrides(seeds: Path) -> tuple[dict[str, dict[str, Any]], Path, YamlTree | None]:
    """The optional seeds/overrides.yml: ``articles: {<id>: {title, park, date, tags, topics}}``."""
    path = seeds / OVERRIDES_NAME
    if not path.exists():
        return {}, path, None
    data, node = _load(path)
    articles = (data or {}).get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, dict):
        raise _fail(path, node, (), "expected a mapping of article ids under 'articles:'")
    for ident, fields in articles.items():
        if not isinstance(fields, dict):
            raise _fail(path, node, ("articles", ident), f"article {ident}: expected fields such as title: …")
        for key in fields:
            if key not in OVERRIDABLE:
                raise _fail(path, node, ("articles", ident, key), f"article {ident}: cannot override {key!r} (only {', '.join(OVERRIDABLE)})")
    return {str(k): v for k, v in articles.items()}, path, node


def apply_overrides(articles: list[Article], overrides: dict[str, dict[str, Any]], path: Path,
                    node: YamlTree | None, known_parks: set[str], topics: set[str]) -> list[Article]:
    """Articles with editors' corrections applied; unknown ids and bad values are errors."""
    by_id = {a.id: a for a in articles}
    for ident in overrides:
        if ident not in by_id:
            raise _fail(path, node, ("articles", ident), f"no article with id {ident!r} (ids are in each article's front matter)")
    out = []
    for a in articles:
        fields = overrides.get(a.id)
        out.append(_override(a, fields, path, node, known_parks, topics) if fields else a)
    return out


def _override(a: Article, fields: dict[str, Any], path: Path, node: YamlTree | None,
              known_parks: set[str], topics: set[str]) -> Article:
    """One article with its overrides checked and applied."""
    def bad(key: str, message: str) -> DigestError:
        return _fail(path, node, ("articles", a.id, key), f"article {a.id}: {message}")

    changes: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "title":
            if not isinstance(value, str) or not value.strip():
                raise bad(key, "title must be non-empty text")
            changes["title_override"] = value.strip()
        elif key == "park":
            if value is not None and value not in known_parks:
                raise bad(key, f"unknown park {value!r} (use a name from the gazetteer)")
            changes["park"] = value
            changes["parks"] = tuple(dict.fromkeys(([value] if value else []) + list(a.parks)))
        elif key == "date":
            value = str(value)
            if not _DATE.match(value):
                raise bad(key, f"date {value!r} is not YYYY-MM-DD")
            changes.update(date=value, date_precision="day", date_source="override")
        elif key in ("tags", "topics"):
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise bad(key, f"{key} must be a list of words")
            if key == "topics" and (unknown := [v for v in value if v not in topics]):
                raise bad(key, f"unknown topic(s) {unknown} (see generator/data/topics.yml)")
            changes[key] = tuple(value)
    return replace(a, overridden=tuple(fields), **changes)
