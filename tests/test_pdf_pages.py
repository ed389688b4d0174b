"""Newspaper PDFs as pages: the articles score as high as from the same pages as text; bad PDFs cost one line each.

The PDFs are made here (pdfmaker.py) from the four real pages of the shared set,
laid out on 3, 4 and 5 columns, and scored with eval_articles.py against the
same gold as the pages' text form, renamed to the PDF files.
"""
import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import pdfmaker
from generator.pipeline import build
from generator.settings import Settings

TESTS = Path(__file__).parent
ROOT = TESTS.parent
PAGES = TESTS / "fixtures" / "pages"
GOLD = yaml.safe_load((TESTS / "fixtures" / "gold_pages.yml").read_text(encoding="utf-8"))
STEMS = ("p01", "p02", "p03", "p04")
FLOOR = 0.90
pytestmark = pytest.mark.skipif(bool(pdfmaker.unavailable()), reason=pdfmaker.unavailable() or "")


def page_pdf(stems: tuple[str, ...], columns: int) -> bytes:
    """A PDF of the pages stems (one PDF page each), laid out on columns."""
    titles = [a["title"] for p in GOLD["pages"] for a in p["articles"]]
    return pdfmaker.newspaper_pdf([pdfmaker.stories((PAGES / f"{s}-lines.txt").read_text(encoding="utf-8"), titles)
                                   for s in stems], columns)


def gold_for(sources: dict[str, str]) -> dict:
    """The pages' gold, each page under the name of the file it is now in ({text page: PDF})."""
    pages = [dict(copy.deepcopy(p), source=sources[p["source"]]) for p in GOLD["pages"] if p["source"] in sources]
    return {"version": GOLD["version"], "pages": pages}


def generate(seeds: Path, docs: Path):
    """Build from seeds, write the docs, and return the run's result."""
    settings = Settings(seeds=seeds, docs=docs, templates=ROOT / "site_templates", cache_dir=None, workers=1)
    result = build(settings)
    for path, text in result.files.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    return result


def score(gold: dict, docs: Path, tmp_path: Path) -> tuple[float, str]:
    """eval_articles.py's score of docs against gold, and its report."""
    (tmp_path / "gold.yml").write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
    done = subprocess.run([sys.executable, str(TESTS / "eval_articles.py"), "--gold", str(tmp_path / "gold.yml"),
                           "--docs", str(docs)], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().rpartition("score: ")[2]), done.stdout[-3000:]


@pytest.fixture(scope="module")
def text_score(tmp_path_factory) -> float:
    """The score of the same four pages given as text (one paragraph a line)."""
    tmp = tmp_path_factory.mktemp("text")
    (tmp / "seeds").mkdir()
    for stem in STEMS:
        (tmp / "seeds" / f"{stem}-lines.txt").write_bytes((PAGES / f"{stem}-lines.txt").read_bytes())
    generate(tmp / "seeds", tmp / "docs")
    return score(gold_for({f"{s}-lines.txt": f"{s}-lines.txt" for s in STEMS}), tmp / "docs", tmp)[0]


@pytest.mark.parametrize("columns", [3, 4, 5])
def test_pdf_pages_score_as_high_as_the_same_pages_as_text(columns, text_score, tmp_path):
    (tmp_path / "seeds").mkdir()
    sources = {}
    for stem in STEMS:
        sources[f"{stem}-lines.txt"] = name = f"{stem}-{columns}col.pdf"
        (tmp_path / "seeds" / name).write_bytes(page_pdf((stem,), columns))
    result = generate(tmp_path / "seeds", tmp_path / "docs")
    assert [str(e) for e in result.errors] == []
    value, report = score(gold_for(sources), tmp_path / "docs", tmp_path)
    assert value >= FLOOR and value >= text_score, f"{columns} columns: {value} (as text: {text_score})\n{report}"


def test_a_scanned_and_a_damaged_pdf_get_one_line_each_and_the_other_pages_are_read(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "two-pages.pdf").write_bytes(page_pdf(("p01", "p02"), 4))
    (seeds / "scanned.pdf").write_bytes(pdfmaker.scanned_pdf())
    (seeds / "damaged.pdf").write_bytes(pdfmaker.damaged_pdf(page_pdf(("p03",), 4)))
    (seeds / "p04-lines.txt").write_bytes((PAGES / "p04-lines.txt").read_bytes())
    result = generate(seeds, tmp_path / "docs")
    errors = sorted(str(e) for e in result.errors)
    assert len(errors) == 2 and all("\n" not in e for e in errors), errors
    assert errors[0].startswith("damaged.pdf: a damaged PDF"), errors
    assert errors[1].startswith("scanned.pdf: a scanned PDF with no text layer") and "OCR" in errors[1], errors
    titles = {a.title for a in result.articles}
    wanted = {a["title"] for p in GOLD["pages"] if p["source"] in ("p01-lines.txt", "p02-lines.txt", "p04-lines.txt")
              for a in p["articles"]}
    assert wanted <= titles, wanted - titles
    both = gold_for({"p01-lines.txt": "two-pages.pdf", "p02-lines.txt": "two-pages.pdf"})["pages"]
    gold = {"version": GOLD["version"], "pages": [dict(both[0], month=both[0]["month"] + both[1]["month"],
                                                       articles=both[0]["articles"] + both[1]["articles"])]}
    value, report = score(gold, tmp_path / "docs", tmp_path)
    assert value >= FLOOR, report
