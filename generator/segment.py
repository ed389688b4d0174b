"""Segment stage: a page's blocks → article drafts.

Bodies are cut at datelines, trailing bylines and headlines. Each headline is
then given to the body it belongs to by content (rare character pairs and park
names shared between headline and body), with page position as a tie-breaker,
because PDF pages print headlines before, after or far away from their bodies.
"""
from __future__ import annotations

import math
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field, replace

from .bylines import split_dateline
from .clean import clean_heading, clean_paragraph
from .extract.parks import load_gazetteer
from .blocks import page_blocks
from .model import Block, Byline, Draft
from .resources import markers, pattern
from .textutil import cjk_bigrams
from .titles import split_headline, title_from_text

MATCH_THRESHOLD = 0.3     # least score for a headline to be given to a body
UNSURE_MARGIN = 0.15      # a runner-up this close makes the match a guess
PHOTO_MAX_CHARS = 400     # a body without headline and this short is a photo item


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


def classify_headings(blocks: list[Block], marked: bool) -> list[Block]:
    """Turn heading groups into headline, section or caption blocks."""
    number = pattern("section_number_pattern")
    out = list(blocks)
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        nxt = _neighbour(blocks, i, +1)
        prev = _neighbour(blocks, i, -1)
        numbered = bool(number.match(block.text))
        if marked and not block.level:
            kind = "caption"       # the page marks its headings; an unmarked short line is a caption
        elif not numbered and nxt is not None and nxt.kind == "heading" and number.match(nxt.text):
            kind = "caption"       # a label set above a numbered section head
        elif _headline_signals(block, prev, nxt, blocks, i) or _names_new_park(block, blocks, i):
            kind = "headline"
        elif nxt is not None and nxt.kind == "paragraph":
            kind = "section"
        else:
            kind = "caption"       # a heading with no text after it labels a picture
        out[i] = replace(block, kind=kind)
    return out


def _neighbour(blocks: list[Block], i: int, step: int) -> Block | None:
    """The nearest block before/after i that is not a credit or a caption-like short note."""
    j = i + step
    while 0 <= j < len(blocks) and blocks[j].kind == "credit":
        j += step
    return blocks[j] if 0 <= j < len(blocks) else None


def _headline_signals(block: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> bool:
    """True when a heading group is an article's headline rather than a section head."""
    if block.level == 1 or block.doubled:
        return True
    if nxt is not None and (nxt.kind == "byline" or (nxt.kind == "paragraph" and nxt.dateline)):
        return True
    if nxt is not None and nxt.kind == "heading" and nxt.level > block.level > 0:
        # headline + deck: look past the deck
        after = _neighbour(blocks, blocks.index(nxt), +1)
        if after is not None and (after.kind == "byline" or (after.kind == "paragraph" and after.dateline)):
            return True
    if prev is None:
        return True  # nothing before it on the page
    if prev.kind == "byline" and _byline_closes_body(blocks, blocks.index(prev)):
        return True
    return prev.kind == "heading" and _headline_signals(prev, _neighbour(blocks, blocks.index(prev), -1), block, blocks, blocks.index(prev))


def _names_new_park(block: Block, blocks: list[Block], i: int) -> bool:
    """True when a heading names a park that the text before it or the text after it never does.

    A section head speaks of its own article, whose text names the park on both
    sides of it; a headline between two bodies belongs to one of them only.
    """
    gazetteer = load_gazetteer()
    parks = set(gazetteer.names_in(block.text.replace("\n", "")))
    if not parks:
        return False
    sides = []
    for step in (-1, +1):
        text, j = [], i + step
        while 0 <= j < len(blocks) and blocks[j].kind not in ("headline", "byline") and \
                not (blocks[j].kind == "paragraph" and blocks[j].dateline and step > 0) and \
                not (blocks[j].kind == "heading" and blocks[j].level == 1):
            text.append(blocks[j].text)
            j += step
        sides.append("".join(text))
    return all(sides) and any(not parks & set(gazetteer.names_in(side)) for side in sides)


def _byline_closes_body(blocks: list[Block], j: int) -> bool:
    """True when the byline at j follows body text (a trailing byline ends an article)."""
    prev = _neighbour(blocks, j, -1)
    return prev is not None and prev.kind == "paragraph"


def cut(blocks: list[Block]) -> tuple[list[Headline], list[Segment]]:
    """Split classified blocks into headlines and body segments, numbered in page order."""
    headlines: list[Headline] = []
    segments: list[Segment] = []
    order = 0
    last: Headline | Segment | None = None
    for block in blocks:
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
        elif block.kind in ("paragraph", "section"):
            if not isinstance(last, Segment) or last.closed or (block.dateline and _has_text(last)):
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
    gazetteer = load_gazetteer()
    texts = [s.text() for s in segments]
    seg_grams = [cjk_bigrams(t) for t in texts]
    seg_parks = [set(gazetteer.names_in(t)) for t in texts]
    n = len(segments)
    df = Counter(chain.from_iterable(seg_grams))   # in how many segments each bigram occurs
    scores: list[tuple[float, int, int]] = []
    for h, head in enumerate(headlines):
        text = head.block.text
        grams = cjk_bigrams(text)
        weight = {g: math.log((n + 1) / (df.get(g, 0) + 0.5)) for g in grams}
        total = sum(weight.values()) or 1.0
        parks = set(gazetteer.names_in(text.replace("\n", "")))
        for s, seg in enumerate(segments):
            content = sum(w for g, w in weight.items() if g in seg_grams[s]) / total
            # A body about other parks contradicts the headline's park; one naming none does not.
            score = content + (0.5 if parks & seg_parks[s] else 0.0) \
                - (0.3 if parks and seg_parks[s] and not parks & seg_parks[s] else 0.0)
            if seg.order == head.order + 1:
                score += 1.0 if ordered else 0.15
            elif seg.order == head.order - 1:
                score += 0.1
            scores.append((score, h, s))
    scores.sort(key=lambda t: (-t[0], t[1], t[2]))
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
            doubts[s] = f"headline matched its body only weakly ({score:.2f} vs {rival:.2f})"
    _pair_orphans(headlines, segments, given, doubts)
    return given, doubts


def _by_order(segments: list[Segment]) -> dict[int, int]:
    """Each segment's index by its place in the page's order (headlines and bodies are numbered together)."""
    return {seg.order: s for s, seg in enumerate(segments)}


def _pair_orphans(headlines: list[Headline], segments: list[Segment], given: dict[int, int],
                  doubts: dict[int, str]) -> None:
    """Give a headline left without a body, printed with its byline, the body right after it if that has none either.

    Both would be lost otherwise (a dropped heading, an article titled with its
    first clause). Not where the body before the headline has no headline either:
    there headlines may follow their bodies. Flagged for review.
    """
    used = set(given.values())
    at = _by_order(segments)
    for h, head in enumerate(headlines):
        after, before = at.get(head.order + 1), at.get(head.order - 1)
        if h in given or not head.byline.authors or after is None or after in used \
                or (before is not None and before not in used):
            continue
        given[h] = after
        used.add(after)
        doubts[after] = "headline given to the text after it by position only (they share few words)"


def segment_page(text: str, source: str) -> tuple[list[Draft], list[str]]:
    """Cut one page's text into drafts; also return notes on what was dropped."""
    blocks, marked = page_blocks(text)
    blocks = classify_headings(blocks, marked)
    headlines, segments = cut(blocks)
    ordered = marked or not any(b.wrapped for b in blocks if b.kind in ("headline", "section"))
    given, doubts = match(headlines, segments, ordered)
    by_segment = {s: h for h, s in given.items()}
    _keep_section_heads(headlines, segments, given)
    notes = [f"line {headlines[h].block.line}: heading without an article, dropped: "
             f"{clean_heading(headlines[h].block.text.replace(chr(10), ''))}"
             for h in range(len(headlines)) if h not in given and headlines[h].block.kind == "headline"]
    drafts = []
    for s, seg in enumerate(segments):
        head = headlines[by_segment[s]] if s in by_segment else None
        draft = build_draft(seg, head, source, doubts.get(s))
        if draft is not None:
            drafts.append(draft)
    drafts = [replace(d, position=i) for i, d in enumerate(sorted(drafts, key=lambda d: d.line), 1)]
    return drafts, notes


def _keep_section_heads(headlines: list[Headline], segments: list[Segment], given: dict[int, int]) -> None:
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


def build_draft(seg: Segment, head: Headline | None, source: str, doubt: str | None) -> Draft | None:
    """A draft from a body segment and its headline (None for an editor's note)."""
    body: list[Block] = []
    byline = head.byline if head else Byline()
    for block in seg.blocks:
        if block.kind == "section":
            body.append(replace(block, text=clean_heading(" ".join(block.text.split("\n")))))
            continue
        text = block.text
        if block.dateline:
            text, dateline_byline, _ = split_dateline(text)
            byline = byline + (dateline_byline or Byline())
        text = clean_paragraph(text)
        if text:
            body.append(replace(block, text=text))
    byline = byline + seg.byline
    paragraphs = [b for b in body if b.kind == "paragraph"]
    if not paragraphs or _is_editor_note(paragraphs):
        return None
    reasons = [doubt] if doubt else []
    if head is not None:
        title, subtitle, kicker = split_headline(head.block)
        kind = "article"
    else:
        chars = sum(len(b.text) for b in paragraphs)
        kind = "photo" if chars <= PHOTO_MAX_CHARS and not any(b.kind == "section" for b in body) else "article"
        title, subtitle, kicker = title_from_text(paragraphs[0].text), "", ""
        if kind == "article":
            reasons.append("no headline found for this text; title taken from its first sentence")
    return Draft(source=source, position=0, title=title, kind=kind, body=tuple(body), byline=byline,
                 subtitle=subtitle, kicker=kicker, line=seg.blocks[0].line, reasons=tuple(reasons))


def _is_editor_note(paragraphs: list[Block]) -> bool:
    """True when the text is an editor's note (signed ——编者) rather than an article."""
    m = markers()
    return paragraphs[-1].text.rstrip().endswith(tuple(m["editor_note_endings"])) or \
        paragraphs[0].text.startswith(tuple(m["editor_note_openings"]))
