"""A synthetic archive of newspaper pages, built from the seed pages' own material.

The real engine cuts ``seeds/`` into articles; their paragraphs, section heads,
headlines and bylines are then recombined into new articles about other
national zones (the source article's park is replaced everywhere in headline
and body) and printed back as pages in the seeds' layouts:

* ``wrapped``: hard-wrapped PDF text in 13–20-character columns, with or
  without blank lines between lines, headlines before or after their bodies,
  bylines such as ``▶ 本报记者 张三`` or a dateline ``本报讯（记者 张三）``;
* ``lines``: one paragraph per line, headline + deck + ``■文/张三`` byline;
* ``markdown``: ``#`` headlines, ``##`` section heads, trailing bylines and
  photo items with a credit line.

Pages are dated over ten years through file names
(``<paper>/2019-03-07_p02.txt``); a few carry no date in their name, so the
engine infers it from the text. ``seeds/manifest.yml`` lists paper, date and
page number per page (no date for the undated ones).

Everything is drawn from ``random.Random(seed)``: the same size and seed give
byte-identical pages.
"""
from __future__ import annotations

import datetime as dt
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from typeset import wrap  # noqa: E402  (the typesetter lives beside the tests that also use it)

SEEDS = ROOT / "seeds"

PAPERS = [  # (name, folder)
    ("中国高新技术产业导报", "chinahightech"),
    ("科技日报", "kjrb"),
    ("中国高新网", "chinahightech-web"),
    ("经济日报", "jjrb"),
    ("湖南日报", "hnrb"),
    ("衡阳日报", "hyrb"),
]
FIRST_DAY, DAYS = dt.date(2015, 1, 1), 3653          # ten years: 2015–2024
UNDATED_SHARE = 0.04                                  # pages dated by their text only
ROLES = ["本报记者", "本报记者", "本报通讯员", "特约通讯员", "记者"]
EDITORS = ["王萌", "李硕", "张燕", "周枫", "高鑫"]
CHANGE_SENTENCE = "该区相关负责人表示，下一步将持续优化营商环境，全力服务企业发展。"


# --- material from the seeds -------------------------------------------------

@dataclass
class Source:
    """One seed article, as the engine cut it."""

    key: int
    park: str
    title: str
    subtitle: str
    authors: tuple[str, ...]
    photographers: tuple[str, ...]
    kind: str
    lead: list[str]                                          # paragraphs before the first section head
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def paragraphs(self) -> list[str]:
        return self.lead + [p for _, ps in self.sections for p in ps]


def _is_real_head(text: str) -> bool:
    """Section heads the engine found that are not sentence fragments cut by a column break."""
    return " " in text or len(text) < 12 or bool(re.match(r"^[0-9一二三四五六七八九十]", text))


def load_material(seeds: Path = SEEDS) -> tuple[list[Source], object]:
    """Run the engine on the seed pages: (source articles, gazetteer)."""
    from generator.errors import PageError
    from generator.knowledge.gazetteer import load_gazetteer
    from generator.extract.terms import Tagger
    from generator.pipeline import articles_of
    from generator.read.decode import read_pages

    gazetteer = load_gazetteer()
    tagger = Tagger(gazetteer)
    errors: list[PageError] = []
    sources: list[Source] = []
    for page in read_pages(seeds, errors):
        articles = articles_of(page, gazetteer, tagger)[0]
        for a in articles:
            if not a.park:
                continue
            lead: list[str] = []
            sections: list[tuple[str, list[str]]] = []
            carry = ""
            for block in a.draft.body:
                if block.kind == "section" and _is_real_head(block.text):
                    sections.append((block.text, []))
                    continue
                text = carry + block.text
                carry = ""
                if block.kind == "section":       # a wrapped sentence start taken for a head: rejoin it
                    carry = text
                    continue
                (sections[-1][1] if sections else lead).append(text)
            sections = [(h, ps) for h, ps in sections if ps]
            sources.append(Source(len(sources), a.park, a.title, a.draft.subtitle, a.draft.byline.authors,
                                  a.draft.byline.photographers, a.draft.kind, lead, sections))
    if not sources:
        raise SystemExit(f"no articles found in {seeds}")
    return sources, gazetteer


def swap_park(text: str, old: str, new: str, gazetteer) -> str:
    """text with every mention of park old (any alias) replaced by park new's name."""
    out, last = [], 0
    for m in gazetteer.mentions(text):
        if m.name == old and m.start >= last:
            out.append(text[last:m.start])
            out.append(new)
            last = m.end
    return "".join(out) + text[last:]


# --- synthetic articles --------------------------------------------------------

@dataclass
class Synth:
    """One synthetic article."""

    kind: str                      # article or photo
    park: str
    title: str
    subtitle: str
    authors: tuple[str, ...]
    photographers: tuple[str, ...]
    blocks: list[tuple[str, str]]  # (paragraph|section, text)


class Maker:
    """Draws distinct synthetic articles from the seed material."""

    def __init__(self, rng: random.Random, sources: list[Source], gazetteer):
        self.rng = rng
        self.gazetteer = gazetteer
        self.sources = [s for s in sources if s.kind == "article" and len(s.paragraphs()) >= 2]
        self.parks = sorted(p.name for p in gazetteer.parks.values() if p.level == "national")
        self.authors = sorted({n for s in sources for n in s.authors + s.photographers})
        self.short = [(s, p) for s in sources for p in s.paragraphs()
                      if 60 <= len(p) <= 300 and s.park in gazetteer.names_in(p) and not p.startswith("本报讯")]
        self.seen: set[tuple] = set()
        self.titles: set[str] = set()

    def article(self, avoid_parks: set[str], avoid_sources: set[int]) -> tuple[Synth, int]:
        """A new article (and its template's key) unlike every one made before."""
        rng = self.rng
        for attempt in range(200):
            src = rng.choice([s for s in self.sources if s.key not in avoid_sources] or self.sources)
            park = rng.choice([p for p in self.parks if p != src.park and p not in avoid_parks])
            swap = lambda t, s=src: swap_park(t, s.park, park, self.gazetteer)  # noqa: E731
            picks: list[tuple[str, str]] = []
            chosen: list[tuple] = []
            lead = self._some(src.lead, keep_first=True)
            picks += [("paragraph", swap(p)) for p in lead]
            chosen.append(("lead", tuple(src.lead.index(p) for p in lead)))
            sections = [sec for sec in src.sections if rng.random() < 0.8] or src.sections[:1]
            if len(sections) > 2 and rng.random() < 0.3:
                i = rng.randrange(len(sections) - 1)
                sections[i], sections[i + 1] = sections[i + 1], sections[i]
            for head, paras in sections:
                kept = self._some(paras)
                picks.append(("section", swap(head)))
                picks += [("paragraph", swap(p)) for p in kept]
                chosen.append((head, tuple(paras.index(p) for p in kept)))
            if rng.random() < 0.3:   # borrow a paragraph of another article, about the same new park
                other = rng.choice(self.sources)
                if other.key != src.key and other.paragraphs()[1:]:
                    p = rng.choice(other.paragraphs()[1:])
                    at = rng.randrange(1, len(picks) + 1)
                    picks.insert(at, ("paragraph", swap_park(p, other.park, park, self.gazetteer)))
                    chosen.append(("borrow", other.key, other.paragraphs().index(p), at))
            while picks and picks[-1][0] == "section":
                picks.pop()
            if not any(k == "paragraph" for k, _ in picks):
                continue
            title = self._title(src, park, picks, swap)
            key = (src.key, park, tuple(chosen))
            if key in self.seen or (title in self.titles and attempt < 150):
                continue
            self.seen.add(key)
            self.titles.add(title)
            authors = src.authors if src.authors and rng.random() < 0.6 else \
                tuple(rng.sample(self.authors, rng.choice([1, 1, 1, 2])))
            photographers = src.photographers if rng.random() < 0.5 else ()
            subtitle = swap(src.subtitle) if src.subtitle and rng.random() < 0.7 else ""
            return Synth("article", park, title, subtitle, authors, photographers, picks), src.key
        raise RuntimeError("could not draw a new distinct article; the seed material is too small")

    def photo(self, avoid_parks: set[str]) -> Synth:
        """A headline-less photo item: one short paragraph and a picture credit."""
        src, p = self.rng.choice(self.short)
        park = self.rng.choice([x for x in self.parks if x != src.park and x not in avoid_parks])
        text = swap_park(p, src.park, park, self.gazetteer)
        return Synth("photo", park, "", "", (), (), [("paragraph", text)])

    def _some(self, paras: list[str], keep_first: bool = False) -> list[str]:
        """A random non-empty subset of paras, in order (the lead's first paragraph kept)."""
        if not paras:
            return []
        kept = [p for i, p in enumerate(paras) if (keep_first and i == 0) or self.rng.random() < 0.75]
        return kept or [self.rng.choice(paras)]

    def _title(self, src: Source, park: str, picks, swap) -> str:
        """The template's headline about the new park, or the park plus one of the article's section heads."""
        heads = [t for k, t in picks if k == "section" and not re.match(r"^[0-9一二三四五六七八九十]", t)]
        if heads and self.rng.random() < 0.3:
            return f"{park}：{self.rng.choice(heads).split(' ')[0]}"
        title = swap(src.title)
        return title if park in title else f"{park}：{title}"


# --- printing pages ----------------------------------------------------------------

def _head_lines(text: str, width: int) -> list[str]:
    text = text.replace(" ", "")
    if len(text) <= width + 6:
        return [text]
    return [text[i:i + width] for i in range(0, len(text), width)]


def print_wrapped(articles: list[Synth], rng: random.Random) -> str:
    """A hard-wrapped PDF text layer: one column width, headlines before or after bodies."""
    width = rng.randint(13, 20)
    blank = rng.random() < 0.6
    after = rng.random() < 0.5
    out: list[str] = []
    for a in articles:
        head = _head_lines(a.title, width)
        role = rng.choice(ROLES)
        names = " ".join(a.authors)
        dateline = not after and rng.random() < 0.3
        byline = [f"▶ {role} {names}"] if not dateline else []
        body: list[str] = []
        for i, (kind, text) in enumerate(a.blocks):
            if kind == "section":
                body.extend(_head_lines(text, width) if re.match(r"^[0-9一二三四五六七八九十]", text)
                            else text.split(" "))
            else:
                if dateline and not any(k == "paragraph" for k, _ in a.blocks[:i]):
                    text = f"本报讯 （{role.replace('本报', '')} {names}）{text}"
                body.extend(wrap(text, width))
        out.extend(body + head + byline if after else head + byline + body)
    return ("\n\n" if blank else "\n").join(out) + "\n"


def print_lines(articles: list[Synth], rng: random.Random) -> str:
    """One paragraph per line, headline + deck + ■文/图 byline (an export of a web page)."""
    out: list[str] = []
    for a in articles:
        lines = [a.title] + ([a.subtitle] if a.subtitle else [])
        credit = "■文/" + " ".join(a.authors) + (" 图/" + " ".join(a.photographers) if a.photographers else "")
        lines.append(credit if rng.random() < 0.5 else f"{rng.choice(ROLES)} {' '.join(a.authors)}")
        lines += [text for _, text in a.blocks]
        out.append("\n\n".join(lines))
    return "\n\n" + "\n\n\n\n".join(out) + "\n"


def print_markdown(articles: list[Synth], rng: random.Random) -> str:
    """Markdown-like export: # headlines, ## section heads, photo items with a credit line."""
    out: list[str] = []
    for i, a in enumerate(articles):
        if a.kind == "photo":
            out += [a.blocks[0][1], f"图片来源：{a.park}"]
            continue
        trailing = (i + 1 < len(articles) and articles[i + 1].kind == "photo") or rng.random() < 0.4
        out.append(f"# {a.title}")
        if not trailing:
            out.append(f"{rng.choice(['▶ ', ''])}{rng.choice(ROLES)} {' '.join(a.authors)}")
        first = True
        for kind, text in a.blocks:
            if kind == "section":
                out.append(f"## {text}")
            else:
                out.append(f"本报讯 {text}" if first and trailing else text)
                first = False
        if trailing:
            out.append(" ".join(a.authors))
    return "\n\n" + "\n\n".join(out) + "\n"


# --- the archive ---------------------------------------------------------------

@dataclass
class Archive:
    pages: int
    articles: int
    photos: int
    bytes: int
    files: list[str]


def build_archive(n_articles: int, seed: int, out: Path, sources=None, gazetteer=None,
                  record: dict | None = None) -> Archive:
    """Write about n_articles articles on ≈ n/5 pages into out/ (a seeds folder) with manifest.yml.

    record, when given, receives {page file: (layout, [Synth, ...])}.
    """
    if sources is None:
        sources, gazetteer = load_material()
    rng = random.Random(seed)
    maker = Maker(rng, sources, gazetteer)
    out.mkdir(parents=True, exist_ok=True)
    manifest: list[dict] = []
    used_names: set[str] = set()
    made = photos = total_bytes = 0
    undated = 0
    while made < n_articles:
        paper, folder = rng.choice(PAPERS)
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        for page_no in sorted(rng.sample(range(1, 9), rng.randint(1, 4))):
            if made >= n_articles:
                break
            count = min(rng.randint(3, 7), n_articles - made)
            layout = rng.choices(["wrapped", "lines", "markdown"], weights=[5, 2, 3])[0]
            articles: list[Synth] = []
            parks: set[str] = set()
            keys: set[int] = set()
            while len(articles) < count:
                if layout == "markdown" and articles and articles[-1].kind == "article" \
                        and len(articles) < count and rng.random() < 0.12:
                    a = maker.photo(parks)
                    photos += 1
                else:
                    a, key = maker.article(parks, keys)
                    keys.add(key)
                parks.add(a.park)
                articles.append(a)
            if articles[-1].kind == "photo" and layout == "markdown":
                pass  # a photo item may end a page
            printer = {"wrapped": print_wrapped, "lines": print_lines, "markdown": print_markdown}[layout]
            text = printer(articles, rng)
            if rng.random() < 0.3:
                text += f"\n本版编辑：{rng.choice(EDITORS)}\n"
            if rng.random() < UNDATED_SHARE:
                undated += 1
                name = f"{folder}/scan-{undated:04d}-p{page_no}.txt"
                entry = {"file": name, "paper": paper, "page": page_no}
            else:
                name = f"{folder}/{day.isoformat()}_p{page_no:02d}.txt"
                entry = {"file": name, "paper": paper, "date": day.isoformat(), "page": page_no}
            if name in used_names:
                continue  # the same paper, day and page drawn twice: skip (the articles are discarded)
            used_names.add(name)
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            path.write_bytes(data)
            total_bytes += len(data)
            manifest.append(entry)
            if record is not None:
                record[name] = (layout, articles)
            made += len(articles)
    manifest.sort(key=lambda e: e["file"])
    lines = ["# Synthetic archive (benchmarks/synth.py): paper, date and page number of every page.",
             "# Pages without a date here are dated by the engine from their text.", "pages:"]
    for e in manifest:
        lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in e.items()) + "}")
    (out / "manifest.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Archive(len(manifest), made, photos, total_bytes, [e["file"] for e in manifest])


def change_one_page(seeds: Path, name: str) -> bytes:
    """Append a sentence to one page; returns the page's old bytes (to restore it)."""
    path = seeds / name
    old = path.read_bytes()
    path.write_bytes(old + ("\n" + CHANGE_SENTENCE + "\n").encode("utf-8"))
    return old


if __name__ == "__main__":  # python benchmarks/synth.py N OUT [SEED]: only write the archive
    import sys

    sys.path.insert(0, str(ROOT))
    n, target = int(sys.argv[1]), Path(sys.argv[2])
    archive = build_archive(n, int(sys.argv[3]) if len(sys.argv) > 3 else 1, target)
    print(f"{archive.pages} pages, {archive.articles} articles ({archive.photos} photo items), "
          f"{archive.bytes / 1e6:.2f} MB in {target}")
