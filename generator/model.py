"""Frozen dataclasses passed between pipeline stages: SeedPage → Draft → Article → Group."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .errors import PageError


@dataclass(frozen=True)
class SeedPage:
    """One raw page as read from the seeds folder."""

    name: str            # file name relative to the seeds folder, POSIX separators
    text: str            # decoded text, LF line endings, no BOM
    encoding: str        # the encoding it was decoded from
    digest: str          # sha256 of the decoded text (identifies the same page in two encodings)


@dataclass(frozen=True)
class PageDate:
    """A page's date with how precise it is and where it came from."""

    date: str            # YYYY-MM-DD
    precision: str       # day, month or year
    source: str          # manifest, filename or text


@dataclass(frozen=True)
class Byline:
    """People named in a byline, in print order."""

    authors: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()

    def __add__(self, other: "Byline") -> "Byline":
        def merge(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return a + tuple(x for x in b if x not in a)
        return Byline(merge(self.authors, other.authors), merge(self.photographers, other.photographers))


@dataclass(frozen=True)
class Block:
    """A unit of page text after line classification.

    kind is one of: headline, section, paragraph, byline, caption, credit, jump, note.
    """

    kind: str
    text: str
    line: int                       # 1-based line number in the page where it starts
    level: int = 0                  # markdown heading level, 0 when unmarked
    dateline: bool = False          # paragraph opened with 本报讯 or similar
    doubled: bool = False           # heading extracted with every glyph run twice (display type)
    wrapped: bool = False           # heading lines were hard-wrapped by the column, not separate lines
    byline: Byline = Byline()       # people named by a byline block or a dateline
    subtitle: str = ""              # headline blocks: the deck printed under it
    kicker: str = ""                # headline blocks: the line printed above it
    opens: bool = False             # set apart by a blank line on a page whose paragraphs are not


@dataclass(frozen=True)
class Draft:
    """One article as cut out of a page, before metadata is extracted."""

    source: str
    position: int                   # 1-based order of the article on its page
    title: str
    kind: str                       # "article" or "photo"
    body: tuple[Block, ...]         # paragraphs and section heads, cleaned
    byline: Byline = Byline()
    subtitle: str = ""
    kicker: str = ""
    line: int = 0                   # line where the body starts
    reasons: tuple[str, ...] = ()   # why the engine is unsure of this draft


@dataclass(frozen=True)
class SearchWords:
    """An article's text cut into words for the search copies (extract/words.py)."""

    lines: tuple[str, ...]          # headline, kicker, subtitle, byline and blocks: words joined by spaces
    prefixes: tuple[str, ...]       # the longer terms less their last character
    parts: tuple[str, ...]          # dictionary words inside its longer words


@dataclass(frozen=True)
class Article:
    """A draft with its metadata: what a page of the site is made from."""

    id: str
    slug: str
    draft: Draft
    date: str
    date_precision: str
    date_source: str
    park: str | None
    parks: tuple[str, ...]
    subparks: tuple[str, ...]
    tags: tuple[str, ...]
    topics: tuple[str, ...]
    lead: str
    chars: int
    paper: str = ""
    page_no: int | None = None
    overridden: tuple[str, ...] = ()
    title_override: str = ""
    reasons: tuple[str, ...] = ()
    search: SearchWords | None = None       # the words of the draft's own title and text

    @property
    def title(self) -> str:
        """The published title (an editor's override wins)."""
        return self.title_override or self.draft.title


@dataclass(frozen=True)
class Group:
    """Articles gathered under one key: a park, a topic, a tag or a month."""

    kind: str                       # park, topic, tag, month
    key: str
    slug: str
    title: str
    articles: tuple[Article, ...] = field(default_factory=tuple)
    info: tuple[tuple[str, str], ...] = ()
    mentions: tuple[Article, ...] = ()     # articles that name the group's park without being about it


@dataclass(frozen=True)
class Neighbours:
    """An article's place in the site's lists: the articles before and after it in its park's list and its
    month's list, and its tags with their anchors in the tags page's list."""

    park_title: str = ""                    # the park it is listed under (其他 for none)
    park_slug: str = ""
    park_older: Article | None = None
    park_newer: Article | None = None
    month_title: str = ""                   # 2022年9月, or 日期不详
    month_slug: str = ""
    month_older: Article | None = None
    month_newer: Article | None = None
    tag_links: tuple[tuple[str, str], ...] = ()   # (tag, its anchor on the tags page), in the article's order


@dataclass
class Result:
    """Everything one run produced: files, counts and problems."""

    files: dict[str, str] = field(default_factory=dict)
    pages: int = 0
    articles: list[Article] = field(default_factory=list)
    errors: list["PageError"] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    newest: str = ""     # date of the newest article (pins the build time of feeds and sitemap)

    @property
    def review(self) -> list[Article]:
        """Articles the engine was unsure of."""
        return [a for a in self.articles if a.reasons]
