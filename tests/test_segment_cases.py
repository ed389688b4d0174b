"""Segmentation of small hand-made pages, one per layout trap (tests/cases/pages.yml)."""
from pathlib import Path

import pytest
import yaml

from generator.segment.drafts import segment_page

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "pages.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_page(case):
    drafts, notes = segment_page(case["page"], "case.txt")
    if "notes" in case:  # headings dropped without an article (each reported once)
        assert len(notes) == case["notes"], notes
    assert [d.title for d in drafts] == [e["title"] for e in case["expect"]]
    for draft, want in zip(drafts, case["expect"]):
        paragraphs = [b.text for b in draft.body if b.kind == "paragraph"]
        assert paragraphs[0].startswith(want["starts"]), paragraphs[0]
        assert paragraphs[-1].endswith(want["ends"]), paragraphs[-1]
        assert list(draft.byline.authors) == want.get("authors", [])
        assert draft.kind == want.get("kind", "article")
        assert draft.kicker == want.get("kicker", "")
        assert [b.text for b in draft.body if b.kind == "section"] == want.get("sections", [])
