"""Segment stage: a page's blocks → article drafts.

Heading groups become headlines, section heads or captions; bodies are cut at
datelines, trailing bylines and headlines, and each headline is given to its
body (matching.py); each body and its headline then make one draft.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .blocks import page_blocks
from .bylines import is_person_name, split_dateline
from ..read.masthead import FrontMatter
from ..clean import clean_heading, clean_paragraph
from ..knowledge.gazetteer import load_gazetteer
from .matching import Headline, Segment, cut, keep_section_heads, match
from .photos import CAPTION_MAX_CHARS, PHOTO_MAX_CHARS, says_what_photo_shows
from ..model import Block, Byline, Draft
from ..knowledge.files import markers, pattern
from .titles import split_headline, title_from_text

NO_HEADLINE = "这段正文没有找到标题，标题取自第一句"


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
    if block.level == 1 or block.doubled or block.opens:
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


def segment_page(text: str, source: str) -> tuple[list[Draft], list[str]]:
    """Cut one page's text into drafts; also return notes on what was dropped."""
    blocks, marked = page_blocks(text)
    blocks = classify_headings(blocks, marked)
    headlines, segments = cut(blocks)
    ordered = marked or not any(b.wrapped for b in blocks if b.kind in ("headline", "section"))
    given, doubts = match(headlines, segments, ordered)
    by_segment = {s: h for h, s in given.items()}
    keep_section_heads(headlines, segments, given)
    notes = [f"第 {headlines[h].block.line} 行：这个标题下没有正文，已略去："
             f"{clean_heading(headlines[h].block.text.replace(chr(10), ''))}"
             for h in range(len(headlines)) if h not in given and headlines[h].block.kind == "headline"]
    first = headlines_lead(headlines, segments, given)
    drafts = []
    for s, seg in enumerate(segments):
        head = headlines[by_segment[s]] if s in by_segment else None
        draft = build_draft(seg, head, source, doubts.get(s), first)
        if draft is not None:
            drafts.append(draft)
    drafts = [replace(d, position=i) for i, d in enumerate(sorted(drafts, key=lambda d: d.line), 1)]
    return drafts, notes


def headlines_lead(headlines: list[Headline], segments: list[Segment], given: dict[int, int]) -> bool:
    """True when the page prints headlines above their bodies rather than after them.

    The evidence is where each headline's body, matched by content, was found:
    a byline under a headline comes with both layouts.
    """
    after = sum(segments[s].order > headlines[h].order for h, s in given.items())
    return after > len(given) - after


def build_draft(seg: Segment, head: Headline | None, source: str, doubt: str | None,
                headline_first: bool = True) -> Draft | None:
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
    body = _without_furniture(body)
    paragraphs = [b for b in body if b.kind == "paragraph"]
    if not paragraphs:
        return None
    reasons = [doubt] if doubt else []
    short = sum(len(b.text) for b in paragraphs) <= PHOTO_MAX_CHARS and not any(b.kind == "section" for b in body)
    if head is not None:
        title, subtitle, kicker = split_headline(head.block, headline_first)
        kind = "photo" if short and byline.photographers and not byline.authors else "article"
    else:
        kind = "photo" if short else "article"
        title, subtitle, kicker = title_from_text(paragraphs[0].text), "", ""
        if kind == "article":
            reasons.append(NO_HEADLINE)
    if kind == "photo" and not byline.authors:
        byline = Byline(byline.photographers, byline.photographers)   # a photo item is its photographer's
    return Draft(source=source, position=0, title=title, kind=kind, body=tuple(body), byline=byline,
                 subtitle=subtitle, kicker=kicker, line=seg.blocks[0].line, reasons=tuple(reasons))


def _without_furniture(body: list[Block]) -> list[Block]:
    """The body without editor's notes and photo captions, which are not the article's text.

    An editor's note (编者按… or …——编者) goes before or after the article it
    introduces; a caption (…。图为…) sits beside its photo. A text that is only a
    caption is a photo item, and keeps it.
    """
    kept = [b for b in body if not (b.kind == "paragraph" and _is_editor_note(b.text))]
    paragraphs = [b for b in kept if b.kind == "paragraph"]
    # A credited paragraph before the article's text is its photo's caption; its last one is text.
    captions = {id(b) for b in paragraphs[:-1] if _is_caption(b)} | {id(b) for b in paragraphs[-1:] if says_what_photo_shows(b.text)}
    if len(captions) < len(paragraphs):
        kept = [b for b in kept if id(b) not in captions]
    return kept


def _is_editor_note(text: str) -> bool:
    """True when a paragraph is an editor's note (编者按…, signed ——编者) rather than the article."""
    m = markers()
    return text.rstrip().endswith(tuple(m["editor_note_endings"])) or text.startswith(tuple(m["editor_note_openings"]))


def _is_caption(block: Block) -> bool:
    """True when a short paragraph says what a photo shows: it ends with a photo credit, or says 图为…"""
    return not block.dateline and len(block.text) <= CAPTION_MAX_CHARS \
        and (bool(block.byline.photographers) or says_what_photo_shows(block.text))


def with_front_matter(draft: Draft, front: FrontMatter) -> Draft:
    """The draft of a one-article page with the title and authors its front matter gives."""
    names = tuple(n for n in front.authors if is_person_name(n, strict=False))
    title = clean_heading(front.title) if front.title else draft.title
    reasons = tuple(r for r in draft.reasons if not (front.title and r == NO_HEADLINE))
    return replace(draft, title=title, byline=Byline(names) + draft.byline, reasons=reasons)
