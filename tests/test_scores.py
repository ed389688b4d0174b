"""The engine scored as the editors score it (eval_articles.py): seed pages, another paper's pages, the corpus.

Every change to segmentation or extraction is measured on all three sets: the
seeds are one paper, and users bring many. The floors are the issue's targets
where the set reaches them; the corpus floor is where it stands now.
"""
import subprocess
import sys
from pathlib import Path

import pytest
from generator.pipeline import build
from generator.settings import Settings

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SETS = {
    "seeds": (ROOT / "seeds", TESTS / "fixtures" / "gold_seeds.yml", 0.99),
    "pages": (TESTS / "fixtures" / "pages", TESTS / "fixtures" / "gold_pages.yml", 0.95),
    "corpus": (TESTS / "corpus" / "pages", TESTS / "corpus" / "gold.yml", 0.95),
}


def generate(seeds: Path, docs: Path) -> None:
    """Write the docs the generator makes from seeds."""
    settings = Settings(seeds=seeds, docs=docs, templates=ROOT / "site_templates", cache_dir=None, workers=1)
    for path, text in build(settings).files.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", SETS)
def test_engine_scores_at_least_the_floor(name, tmp_path):
    seeds, gold, floor = SETS[name]
    generate(seeds, tmp_path / "docs")
    scored = subprocess.run([sys.executable, str(TESTS / "eval_articles.py"), "--gold", str(gold),
                             "--docs", str(tmp_path / "docs"), "--min-score", str(floor)],
                            capture_output=True, text=True)
    assert scored.returncode == 0, f"{name} below {floor}:\n" + scored.stdout[-4000:]
