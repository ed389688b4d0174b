"""Search quality in a real browser: the queries of tests/search_queries.yml on Material's search and on Pagefind.

A query's relevant articles are those whose title or text contains it (every
word of a two-word query). For each query the first ten results are read off
the page as a reader sees them; then

- precision@5: relevant articles among the first five results, out of
  min(5, relevant articles);
- recall@10: relevant articles among the first ten results, out of
  min(10, relevant articles);

both summed over all queries (queries with no relevant article are left out).
The query's ``must`` titles have to be among its first ten results.

    python tests/search_eval.py [--queries tests/search_queries.yml] [--work DIR] [--json OUT]

builds the seeds plus the corpus pages (tests/corpus/pages, tests/fixtures/pages)
twice, with and without --pagefind, in a copy of the project under --work, and
prints one line per query and the totals. tests/test_search_quality.py runs it
as a test.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import socketserver
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).parent / "search_queries.yml"
from chromium import CHROMIUM, launch  # noqa: F401 (CHROMIUM: test_search_quality skips without it)


def load_queries(path: Path = QUERIES) -> list[dict]:
    """The regression set: [{q, kind, must: [title …]}]."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def corpus_seeds(seeds: Path) -> None:
    """Add the corpus pages (one layout of each) to a seeds folder."""
    for p in sorted((ROOT / "tests" / "corpus" / "pages").glob("*-lines.txt")):
        shutil.copy(p, seeds / p.name)
    for p in sorted((ROOT / "tests" / "fixtures" / "pages").glob("*-lines.txt")):
        shutil.copy(p, seeds / f"rmrb-{p.name}")


def build_sites(work: Path) -> Path:
    """A project copy under work with the corpus seeds, built into site_material and site_pagefind."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import copy_project

    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    copy_project(work)
    corpus_seeds(work / "seeds")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for site, extra in (("site_material", []), ("site_pagefind", ["--pagefind"])):
        done = subprocess.run([sys.executable, "-m", "generator", "build", "--site", site, *extra],
                              cwd=work, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
    return work


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def article_texts(docs: Path) -> dict[str, tuple[str, str]]:
    """Site path (articles/<slug>/) → (title, title and body text) of every generated article."""
    out = {}
    for md in sorted((docs / "articles").glob("*.md")):
        text = md.read_text(encoding="utf-8")
        m = _FRONT.match(text)
        meta = yaml.safe_load(m.group(1)) if m else {}
        body = []
        for line in text[m.end() if m else 0:].splitlines():
            # Body paragraphs and section headings only: not the boxes (indented, !!!, ???) nor HTML.
            if not line.strip() or line.startswith((" ", "!!!", "???", "<", "{%")):
                continue
            body.append(line.lstrip("# "))
        title = str(meta.get("title", ""))
        out[f"articles/{md.stem}/"] = (title, unescape(title) + "\n" + unescape("\n".join(body)))
    return out


def unescape(text: str) -> str:
    """Markdown/HTML escapes of the generated pages undone, for matching."""
    import html

    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def relevant(query: str, texts: dict[str, tuple[str, str]]) -> set[str]:
    """Articles whose title or text contains every word of query (case-insensitive)."""
    words = query.lower().split()
    return {path for path, (_t, body) in texts.items() if all(w in body.lower() for w in words)}


@contextmanager
def serve(site: Path):
    """An HTTP server of site on a free local port."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    with socketserver.TCPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()


def site_path(href: str, base: str) -> str:
    """A result's link as a site path (articles/<slug>/), without anchor."""
    path = unquote(urlparse(href).path)
    root = urlparse(base).path
    return path[len(root):] if path.startswith(root) else path.lstrip("/")


MATERIAL_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && /\\d|没有|No /.test(meta.textContent);
}"""


def material_results(page, base: str, query: str) -> tuple[list[str], list[str]]:
    """(result paths, result teasers) of Material's header search for query, in order."""
    page.goto(base + "?q=" + quote(query))
    page.wait_for_function(MATERIAL_READY, timeout=60_000)
    page.wait_for_timeout(150)
    items = page.locator(".md-search-result__list > li.md-search-result__item")
    paths, teasers = [], []
    for i in range(min(items.count(), 10)):
        item = items.nth(i)
        paths.append(site_path(item.locator("a").first.get_attribute("href"), base))
        teaser = item.locator("article").first
        teasers.append(teaser.inner_text() if teaser.count() else "")
    return paths, teasers


PAGEFIND_READY = """() => {
  const s = document.querySelector('.pd-find-status');
  return s && (s.textContent.startsWith('没有') ||
               (s.textContent.startsWith('找到') && document.querySelector('.pd-find-result')));
}"""


def pagefind_results(page, base: str, query: str) -> tuple[list[str], list[str]]:
    """(result paths, excerpts) of the Pagefind page find/ for query, in order."""
    page.goto(base + "find/?kw=" + quote(query))
    page.wait_for_function(PAGEFIND_READY, timeout=60_000)
    page.wait_for_load_state("networkidle")
    items = page.locator(".pd-find-result")
    paths, teasers = [], []
    for i in range(min(items.count(), 10)):
        item = items.nth(i)
        paths.append(site_path(item.locator("a").first.get_attribute("href"), base))
        teasers.append(item.locator(".pd-find-excerpt").inner_text())
    return paths, teasers


@dataclass
class Score:
    """Summed hits and possible hits over queries."""

    hit5: int = 0
    of5: int = 0
    hit10: int = 0
    of10: int = 0
    lines: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    source_box: list[str] = field(default_factory=list)

    @property
    def precision5(self) -> float:
        """Relevant articles among the first five results."""
        return self.hit5 / self.of5 if self.of5 else 1.0

    @property
    def recall10(self) -> float:
        """Relevant articles found among the first ten results."""
        return self.hit10 / self.of10 if self.of10 else 1.0


def score(engine, page, base: str, queries: list[dict], texts: dict[str, tuple[str, str]]) -> Score:
    """Run every query on one engine and sum its precision@5 and recall@10."""
    total = Score()
    titles = {path: t for path, (t, _b) in texts.items()}
    for case in queries:
        q = str(case["q"])
        rel = relevant(q, texts)
        paths, teasers = engine(page, base, q)
        if any("来源：" in t or "来源与编辑说明" in t for t in (x.replace("\u200b", "") for x in teasers)):
            total.source_box.append(q)
        found = [titles.get(p, "") for p in paths]
        for must in case.get("must", []):
            if not any(must in t for t in found):
                total.missing.append(f"{q} → {must}")
        if not rel:
            total.lines.append(f"{q}\t(no relevant article)\t{len(paths)} results")
            continue
        h5, h10 = len(rel & set(paths[:5])), len(rel & set(paths[:10]))
        n5, n10 = min(5, len(rel)), min(10, len(rel))
        total.hit5, total.of5, total.hit10, total.of10 = total.hit5 + h5, total.of5 + n5, total.hit10 + h10, total.of10 + n10
        total.lines.append(f"{q}\t{len(rel)} relevant\tP@5 {h5}/{n5}\tR@10 {h10}/{n10}")
    return total


ENGINES = {"material": ("site_material", material_results), "pagefind": ("site_pagefind", pagefind_results)}


def evaluate(work: Path, queries: list[dict], engines: tuple[str, ...] = tuple(ENGINES)) -> dict[str, Score]:
    """The engines' scores on the sites built in work."""
    from playwright.sync_api import sync_playwright

    texts = article_texts(work / "docs")
    scores = {}
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        for name in engines:
            site, engine = ENGINES[name]
            with serve(work / site) as base:
                scores[name] = score(engine, page, base, queries, texts)
        browser.close()
    return scores


def main(argv: list[str] | None = None) -> int:
    """Build, measure and print the scores."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=Path, default=QUERIES)
    ap.add_argument("--work", type=Path, default=Path("/tmp/park-digest-search-eval"))
    ap.add_argument("--no-build", action="store_true", help="measure the sites already built in --work")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--engine", action="append", choices=sorted(ENGINES), help="only this engine (repeatable)")
    args = ap.parse_args(argv)
    queries = load_queries(args.queries)
    if not args.no_build:
        build_sites(args.work)
    scores = evaluate(args.work, queries, tuple(args.engine or ENGINES))
    for name, s in scores.items():
        print(f"== {name}")
        print("\n".join(s.lines))
        print(f"{name}: precision@5 {s.precision5:.1%} ({s.hit5}/{s.of5}), recall@10 {s.recall10:.1%} "
              f"({s.hit10}/{s.of10}); must-find missing {len(s.missing)}: {s.missing}; "
              f"source box in teasers: {s.source_box}")
    if args.json:
        args.json.write_text(json.dumps({n: {"precision5": s.precision5, "recall10": s.recall10, "missing": s.missing,
                                             "source_box": s.source_box, "lines": s.lines}
                                         for n, s in scores.items()}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
