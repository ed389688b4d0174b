"""Byline parsing, dateline and trailing-name cases."""
from pathlib import Path

import pytest
import yaml

from generator.segment.bylines import parse_byline, split_dateline, split_tail_byline

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "bylines.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("line,want", CASES, ids=[c[0] for c in CASES])
def test_byline(line, want):
    got = parse_byline(line)
    if want is None:
        assert got is None
    else:
        assert got is not None
        assert list(got.authors) == want.get("authors", [])
        assert list(got.photographers) == want.get("photographers", [])


def test_dateline_with_reporters_wrapped_inside_brackets():
    rest, byline, had = split_dateline("本报讯（记者 张三 通讯员 李四）近日，会议召开。")
    assert had and rest == "近日，会议召开。" and byline.authors == ("张三", "李四")


def test_trailing_name_is_split_but_numbers_are_not():
    assert split_tail_byline("…提供坚强保障。 高政研")[1].authors == ("高政研",)
    assert split_tail_byline("增幅居第一。 2020 年")[1] is None
    assert split_tail_byline("他说。 目前")[1] is None
