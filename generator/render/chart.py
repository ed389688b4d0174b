"""A small inline SVG bar chart of coverage per month, made at build time (no JavaScript)."""
from __future__ import annotations

import html
from collections import Counter

from ..model import Article

BAR_WIDTH, GAP, HEIGHT, LABEL = 10, 2, 60, 14


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM from first to last inclusive.

    >>> months_between("2020-11", "2021-02")
    ['2020-11', '2020-12', '2021-01', '2021-02']
    """
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def coverage_svg(articles: tuple[Article, ...] | list[Article], max_months: int = 60) -> str:
    """Bars of articles per month over the span of the coverage (the latest max_months months)."""
    counts = Counter(a.date[:7] for a in articles if a.date)
    if not counts:
        return ""
    months = months_between(min(counts), max(counts))[-max_months:]
    top = max(counts[m] for m in months) or 1
    width = len(months) * (BAR_WIDTH + GAP) + GAP
    bars = []
    for i, month in enumerate(months):
        n = counts[month]
        h = round(HEIGHT * n / top) if n else 0
        x = GAP + i * (BAR_WIDTH + GAP)
        label = html.escape(f"{month}：{n} 篇")
        bars.append(f'<rect x="{x}" y="{HEIGHT - h}" width="{BAR_WIDTH}" height="{max(h, 1)}" '
                    f'class="{"pd-bar" if n else "pd-bar-empty"}"><title>{label}</title></rect>')
    first, last = html.escape(months[0]), html.escape(months[-1])
    return (f'<svg class="pd-chart" role="img" aria-label="每月报道数：{first} 至 {last}" '
            f'viewBox="0 0 {max(width, 120)} {HEIGHT + LABEL}" width="{max(width, 120)}" height="{HEIGHT + LABEL}">'
            + "".join(bars)
            + f'<text x="0" y="{HEIGHT + LABEL - 2}" class="pd-axis">{first}</text>'
            + f'<text x="{max(width, 120)}" y="{HEIGHT + LABEL - 2}" text-anchor="end" class="pd-axis">{last}</text></svg>')
