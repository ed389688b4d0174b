"""Compare drafts of the seed pages with the editors' gold file (tests/fixtures/gold_seeds.yml)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

GOLD = yaml.safe_load((Path(__file__).parent / "fixtures" / "gold_seeds.yml").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    """Compare as the gold file says: NFKC, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def body_text(article) -> str:
    return norm("".join(b.text for b in article.draft.body if b.kind == "paragraph"))


def find(gold: dict, articles: list) -> object | None:
    """The article whose body spans the gold article's start and end."""
    for a in articles:
        text = body_text(a)
        i, j = text.find(norm(gold["starts"])), text.rfind(norm(gold["ends"]))
        if 0 <= i <= 60 and j >= 0 and len(text) - (j + len(norm(gold["ends"]))) <= 100:
            return a
    return None


def problems(source: str, articles: list) -> list[str]:
    """Every disagreement with the gold file for one page."""
    page = next(p for p in GOLD["pages"] if p["source"] == Path(source).name)
    out = []
    used = set()
    for g in page["articles"]:
        a = find(g, articles)
        if a is None:
            out.append(f"{g['id']}: not found")
            continue
        used.add(id(a))
        if g.get("title") and norm(a.title) != norm(g["title"]):
            out.append(f"{g['id']}: title {a.title!r}")
        if g.get("subtitle") and norm(a.draft.subtitle) != norm(g["subtitle"]):
            out.append(f"{g['id']}: subtitle {a.draft.subtitle!r}")
        if a.park not in g["park"]:
            out.append(f"{g['id']}: park {a.park!r}")
        if not set(g.get("authors") or []) <= set(a.draft.byline.authors) or (not g.get("authors") and a.draft.byline.authors):
            out.append(f"{g['id']}: authors {a.draft.byline.authors}")
        if g.get("kind", "article") != a.draft.kind:
            out.append(f"{g['id']}: kind {a.draft.kind}")
        heads = [norm(b.text) for b in a.draft.body if b.kind == "section"]
        out += [f"{g['id']}: no section {s!r}" for s in g.get("sections") or [] if not any(norm(s) in h for h in heads)]
        paras = [norm(b.text) for b in a.draft.body if b.kind == "paragraph"]
        out += [f"{g['id']}: missing {s!r}" for s in g.get("must_contain") or [] if not any(norm(s) in p for p in paras)]
        out += [f"{g['id']}: has {s!r}" for s in g.get("must_not_contain") or [] if any(norm(s) in p for p in paras + heads)]
        if a.date[:7] not in page["month"]:
            out.append(f"{g['id']}: month {a.date[:7]}")
    out += [f"extra article {a.title!r}" for a in articles if id(a) not in used]
    return out
