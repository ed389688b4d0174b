"""Headlines and bodies: cut a page's classified blocks into both, and give each headline its body.

A headline is given to the body it belongs to by content (rare character
pairs and park names shared between headline and body), with page position as
a tie-breaker, because PDF pages print headlines before, after or far away
from their bodies.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ..knowledge.gazetteer import load_gazetteer
from ..model import Block, Byline
from ..textutil import cjk_bigrams
from .photos import is_photo_news

MATCH_THRESHOLD = 0.3     # least score for a headline to be given to a body
UNSURE_MARGIN = 0.15      # a runner-up this close makes the match a guess


@dataclass
class Headline:
    """A headline group with the byline printed under it."""

    block: Block
    order: int
    byline: Byline = Byline()


@dataclass
class Segment:
    """A run of body blocks that belongs to one article."""

    order: int
    blocks: list[Block] = field(default_factory=list)
    byline: Byline = Byline()
    closed: bool = False

    def text(self) -> str:
        """All text of the body, for matching."""
        return "".join(b.text for b in self.blocks)


def cut(blocks: list[Block]) -> tuple[list[Headline], list[Segment]]:
    """Split classified blocks into headlines and body segments, numbered in page order."""
    headlines: list[Headline] = []
    segments: list[Segment] = []
    order = 0
    last: Headline | Segment | None = None
    for i, block in enumerate(blocks):
        if block.kind == "headline":
            order += 1
            last = Headline(block, order)
            headlines.append(last)
        elif block.kind == "byline":
            if isinstance(last, Headline) and not last.byline.authors:
                last.byline = last.byline + block.byline
            elif isinstance(last, Segment) and not last.closed:
                last.byline = last.byline + block.byline
                last.closed = True  # a trailing byline ends the article
        elif block.kind == "jump" and isinstance(last, Segment):
            last.closed = True   # the article goes on, or came from, another page: the text after is another's
        elif block.kind == "credit" and block.byline.photographers and last is not None:
            last.byline = last.byline + block.byline   # a photo credit: the photographers of the article it sits in
        elif block.kind in ("paragraph", "section"):
            # A dateline or a photo news item starts a new article after text.
            starts = block.dateline or is_photo_news(block, blocks[i + 1] if i + 1 < len(blocks) else None)
            if not isinstance(last, Segment) or last.closed or (starts and _has_text(last)):
                order += 1
                last = Segment(order)
                segments.append(last)
            last.blocks.append(block)
    return headlines, segments


def _has_text(seg: Segment) -> bool:
    """True when a segment already holds a paragraph."""
    return any(b.kind == "paragraph" for b in seg.blocks)


def match(headlines: list[Headline], segments: list[Segment], ordered: bool) -> tuple[dict[int, int], dict[int, str]]:
    """Give headlines to segments: {headline index: segment index}, and doubts per segment."""
    given, doubts = _assign(_scores(headlines, segments, ordered))
    _pair_orphans(headlines, segments, given, doubts)
    return given, doubts


def _scores(headlines: list[Headline], segments: list[Segment], ordered: bool) -> list[tuple[float, int, int]]:
    """(score, headline, segment) for every pair: shared rare character pairs and parks, and position."""
    gazetteer = load_gazetteer()
    texts = [s.text() for s in segments]
    seg_parks = [set(gazetteer.names_in(t)) for t in texts]
    n = len(segments)
    ends_with_text = bool(segments) and (not headlines or segments[-1].order > headlines[-1].order)
    scores: list[tuple[float, int, int]] = []
    holders: dict[str, list[bool]] = {}  # per pair, once a page: headlines share pairs (高新, 新区 …)
    for h, head in enumerate(headlines):
        # Which segments hold each of the headline's character pairs (a pair is among a
        # text's pairs exactly when it is a substring of it), in sorted order: the weights
        # are summed in this order, and a set's order would change a float sum's last bit.
        pairs = sorted(cjk_bigrams(head.block.text))
        holders.update({g: [g in t for t in texts] for g in pairs if g not in holders})
        held = {g: holders[g] for g in pairs}
        weight = {g: math.log((n + 1) / (sum(where) + 0.5)) for g, where in held.items()}
        total = sum(weight.values()) or 1.0
        parks = set(gazetteer.names_in(head.block.text.replace("\n", "")))
        for s, seg in enumerate(segments):
            content = sum(w for g, w in weight.items() if held[g][s]) / total
            # A body about other parks contradicts the headline's park; one naming none does not.
            score = content + (0.5 if parks & seg_parks[s] else 0.0) \
                - (0.3 if parks and seg_parks[s] and not parks & seg_parks[s] else 0.0)
            if seg.order == head.order + 1:
                # A page that opens with a headline and ends with text prints headlines first:
                # its first headline has nothing above it to head.
                score += 1.0 if ordered or (head.order == 1 and ends_with_text) else 0.15
            elif seg.order == head.order - 1:
                score += 0.1
            scores.append((score, h, s))
    return scores


def _assign(scores: list[tuple[float, int, int]]) -> tuple[dict[int, int], dict[int, str]]:
    """Best pairs first, each headline and segment once; a match whose runner-up is close is a doubt."""
    scores = sorted(scores, key=lambda t: (-t[0], t[1], t[2]))
    by_headline: dict[int, list[tuple[float, int]]] = {}
    for score, h, s in scores:  # each headline's candidates, best first
        by_headline.setdefault(h, []).append((score, s))
    given: dict[int, int] = {}
    doubts: dict[int, str] = {}
    used: set[int] = set()
    for score, h, s in scores:
        if score < MATCH_THRESHOLD or h in given or s in used:
            continue
        given[h] = s
        used.add(s)
        rival = next((sc for sc, s2 in by_headline[h] if s2 not in used), 0.0)
        if score - rival < UNSURE_MARGIN:
            doubts[s] = f"标题与正文的对应把握不大（得分 {score:.2f}，次优 {rival:.2f}）"
    return given, doubts


def _by_order(segments: list[Segment]) -> dict[int, int]:
    """Each segment's index by its place in the page's order (headlines and bodies are numbered together)."""
    return {seg.order: s for s, seg in enumerate(segments)}


def _pair_orphans(headlines: list[Headline], segments: list[Segment], given: dict[int, int],
                  doubts: dict[int, str]) -> None:
    """Give a headline left without a body the body right after it if that has none either.

    Only where something says an article starts there: a byline printed under
    the headline, or a dateline (本报讯) opening the body, when the headline
    opens the page or follows a body that has its own. Both would be lost
    otherwise (a dropped heading, an article titled with its first clause). Not
    where the body before the headline has no headline either: there headlines
    may follow their bodies. Flagged for review.
    """
    used = set(given.values())
    at = _by_order(segments)
    for h, head in enumerate(headlines):
        after, before = at.get(head.order + 1), at.get(head.order - 1)
        if h in given or after is None or after in used or (before is not None and before not in used):
            continue
        # A dateline only counts where the headline opens the page or follows a body
        # that has its headline: not in a stack of headlines, whose order proves nothing.
        dated = _opens_with_dateline(segments[after]) and (before is not None or head.order == 1)
        if not (head.byline.authors or dated):
            continue
        given[h] = after
        used.add(after)
        doubts[after] = "标题只按位置配给其后的正文（两者共有的词很少）"


def _opens_with_dateline(seg: Segment) -> bool:
    """True when a body's first block opens with a dateline (本报讯 …), as an article does."""
    return bool(seg.blocks) and seg.blocks[0].dateline


def keep_section_heads(headlines: list[Headline], segments: list[Segment], given: dict[int, int]) -> None:
    """Make a heading that got no body of its own the first section head of the body right after it.

    Where headlines are printed after their bodies, an article that opens with a
    section head (两园即将开园) starts with a heading that looks like a headline;
    its body's own headline comes after it. Such a heading (no byline of its own,
    directly before a body that has its headline) is put back where it stood;
    not one set as a headline (marked #, or printed doubled), nor one naming a
    park the body does not: those are headlines of articles that were lost, and
    stay reported as dropped.
    """
    matched = set(given.values())
    gazetteer = load_gazetteer()
    at = _by_order(segments)
    for h, head in enumerate(headlines):
        block = head.block
        if h in given or head.byline.authors or block.level == 1 or block.doubled:
            continue
        after = at.get(head.order + 1)
        if after is None or after not in matched:
            continue
        parks = set(gazetteer.names_in(block.text.replace("\n", "")))
        if not parks or parks & set(gazetteer.names_in(segments[after].text())):
            head.block = replace(block, kind="section")
            segments[after].blocks.insert(0, head.block)
