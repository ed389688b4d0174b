"""Date inference: file names and text (relative years, plans, conflicting hints)."""
from pathlib import Path

import pytest
import yaml

from generator.extract.dates import from_filename, from_text

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "dates.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text,month", CASES, ids=[c[0][:16] for c in CASES])
def test_month_from_text(text, month):
    got = from_text(text)
    assert (got.date[:7] if got else None) == month


@pytest.mark.parametrize("name,date", [
    ("2021-05-20_p3.txt", "2021-05-20"), ("paper/20210520.txt", "2021-05-20"),
    ("kjrb_2020_12_31_a2.md", "2020-12-31"), ("000_641173d0d4efca47.txt", None), ("20211340.txt", None),
])
def test_date_from_filename(name, date):
    got = from_filename(name)
    assert (got.date if got else None) == date
