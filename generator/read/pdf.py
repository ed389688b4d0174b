"""Read stage: a newspaper PDF's pages as page text, in the form a text page has.

pdfplumber gives each character of the text layer with its font, size and
position. From these: the lines of type (pieces of a line split at the gutters),
the page's body size (the size most characters have), the masthead (the folio
line across the top), the reading order (pdf_layout.py: bands, modules, columns),
and what each line is by its size against the body size: a headline (1.3× or
more), a kicker, subtitle or subhead (a little larger), body text, or a caption
(smaller, beside a photo). Hard-wrapped lines are joined into paragraphs (a new
one at a first-line indent or after a short line). The text handed on is what a
text page of the paper is: the masthead line, then each article's kicker,
headline, subtitle, byline, captions and paragraphs, one a line, a blank line
between articles; segmentation then works on it as on any page.
"""
from __future__ import annotations

import io
import logging
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..errors import PageError
from .masthead import parse_masthead
from .pdf_layout import HEADLINE, Box, reading_order

log = logging.getLogger(__name__)

DECK = 1.05         # a line this many body sizes or more (below HEADLINE) is a kicker, subtitle or subhead
SMALL = 0.9         # … this many or fewer, a caption or a note
CAPTION_REACH = 2.5  # a small line this many body sizes from a photo is its caption
CUT_GAP = 0.9       # white between characters of a line, in body sizes, that is a gutter
SPACE_GAP = 0.45    # … and that is a space


def pdf_page_text(data: bytes, name: str) -> str:
    """The text of every page of a PDF, one after another; PageError when it is damaged or has no text layer."""
    if b"%%EOF" not in data[-2048:]:
        raise PageError(name, "a damaged PDF (it ends before its end-of-file mark: a broken download?)")
    import pdfplumber   # loaded only for PDF pages

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_contents(page) for page in pdf.pages]
    except Exception as err:   # pdfminer's errors for broken files have no common base
        if "password" in repr(err).lower():
            raise PageError(name, "a password-protected PDF; save a copy without the password") from None
        raise PageError(name, f"a damaged PDF that cannot be read ({type(err).__name__}); "
                              "download or export it again") from None
    texts = [_page_lines(chars, pictures) for chars, pictures in pages]
    if not any(texts):
        raise PageError(name, "a scanned PDF with no text layer (only images); OCR it first")
    if not all(texts):
        log.warning("%s: %d of %d pages have no text layer (scanned?); skipped", name, texts.count([]), len(texts))
    return "\n\n".join("\n".join(lines) for lines in texts if lines) + "\n"


def _contents(page) -> tuple[list[dict], list[Box]]:
    """A PDF page's characters (upright, with a Unicode mapping) and pictures (images and filled shapes)."""
    chars = [c for c in page.dedupe_chars().chars
             if c.get("upright", True) and c["text"] and not c["text"].startswith("(cid:")]
    pictures = [Box(f["x0"], f["top"], f["x1"], f["bottom"]) for f in page.images]
    pictures += [Box(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects if r.get("fill")]
    return chars, pictures


def _page_lines(chars: list[dict], pictures: list[Box]) -> list[str]:
    """One page's text lines: masthead, a blank line, then the articles."""
    if not any(c["text"].strip() for c in chars):
        return []
    body = Counter(round(c["size"] * 4) / 4 for c in chars if c["text"].strip()).most_common(1)[0][0]
    masthead, boxes = _masthead(_boxes(chars, body))
    figures = _figures(pictures, boxes, body)
    paras = _paragraphs(reading_order(boxes + figures, body), body, figures)
    lines = [masthead, ""] if masthead else []
    for article in _articles(paras):
        lines += [p.text for p in article] + [""]
    return lines[:-1] if lines and not lines[-1] else lines


def _boxes(chars: list[dict], body: float) -> list[Box]:
    """The pieces of the page's lines of type: characters on one baseline, split where white wide as a gutter."""
    boxes: list[Box] = []
    for row in _baselines(chars):
        piece = [row[0]]
        for prev, ch in zip(row, row[1:]):
            gap = ch["x0"] - prev["x1"]
            if gap > CUT_GAP * min(body, ch["size"], prev["size"]) or not 0.8 < ch["size"] / prev["size"] < 1.25:
                boxes.append(_box(piece))
                piece = []
            piece.append(ch)
        boxes.append(_box(piece))
    return [b for b in boxes if b.text.strip()]


def _baselines(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by the line they sit on (bottoms within a third of their size), each left to right."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: c["bottom"]):
        if rows and ch["bottom"] - rows[-1][0]["bottom"] <= 0.3 * min(ch["size"], rows[-1][0]["size"]):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    return [sorted(row, key=lambda c: c["x0"]) for row in rows]


def _box(chars: list[dict]) -> Box:
    """One piece of a line: its text (spaces where the type leaves white), extent, size and font."""
    text = chars[0]["text"]
    for prev, ch in zip(chars, chars[1:]):
        if ch["x0"] - prev["x1"] > SPACE_GAP * ch["size"] and not (ch["text"] + prev["text"]).isspace():
            text += " "
        text += ch["text"]
    size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
    font = Counter(c["fontname"].partition("+")[2] or c["fontname"] for c in chars).most_common(1)[0][0]
    return Box(min(c["x0"] for c in chars), min(c["top"] for c in chars), max(c["x1"] for c in chars),
               max(c["bottom"] for c in chars), _unified(text), size, font)


def _unified(text: str) -> str:
    """Kangxi radicals and compatibility ideographs, which some fonts map characters to, as the usual characters.

    >>> _unified("\u2f00\u5e74\uf900")
    '一年豈'
    """
    return "".join(unicodedata.normalize("NFKC", ch) if "\u2e80" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff"
                   else ch for ch in text)


def _masthead(boxes: list[Box]) -> tuple[str, list[Box]]:
    """The folio line at the page's top or foot (pieces joined by two spaces) and the other boxes."""
    if not boxes:
        return "", boxes
    for edge in (min(boxes, key=lambda b: b.top), max(boxes, key=lambda b: b.bottom)):
        row = sorted((b for b in boxes if b.top < edge.bottom and b.bottom > edge.top), key=lambda b: b.x0)
        line = "  ".join(b.text.strip() for b in row)
        if parse_masthead(line) is not None:
            return line, [b for b in boxes if b not in row]
    return "", boxes


def _figures(pictures: list[Box], boxes: list[Box], body: float) -> list[Box]:
    """Photos: pictures big enough to be one, with no text on them (a frame round a box of text is none)."""
    return [f for f in pictures if f.x1 - f.x0 >= 3 * body and f.bottom - f.top >= 3 * body and not any(
        f.x0 < (b.x0 + b.x1) / 2 < f.x1 and f.top < (b.top + b.bottom) / 2 < f.bottom for b in boxes)]


@dataclass
class Para:
    """A paragraph: what kind of line it is set as, and its lines' boxes."""

    kind: str            # head, deck, body, small or caption
    style: tuple
    boxes: list[Box] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(b.text for b in self.boxes).strip(" \u3000")


def _kind(box: Box, body: float) -> str:
    """What a line is by its size against the body size."""
    ratio = box.size / body
    return "head" if ratio >= HEADLINE else "deck" if ratio >= DECK else "small" if ratio <= SMALL else "body"


def _paragraphs(stacks: list[list[Box]], body: float, figures: list[Box]) -> list[Para]:
    """The page's paragraphs in reading order: wrapped lines of one style joined (past a photo), captions apart."""
    bounds = _bounds(stacks, body, figures)
    paras: list[Para] = []
    for stack in stacks:
        caption: Box | None = None
        for box in stack:
            kind = _kind(box, body)
            if kind == "small" and (_near_figure(box, figures, body) or (
                    caption is not None and box.top - caption.bottom < 1.5 * body)):
                kind, caption = "caption", box
            style = (kind, box.size, box.font)
            last = next((p for p in reversed(paras) if p.kind != "caption" or kind == "caption"), None)
            if last and last.style == style and _continues(last.boxes[-1], box, kind, bounds, figures):
                last.boxes.append(box)
            else:
                paras.append(Para(kind, style, [box]))
    return paras


def _bounds(stacks: list[list[Box]], body: float, figures: list[Box]) -> dict[Box, tuple[float, float]]:
    """Each line's column edges: its stack's lines of its kind, else a body column; a caption's, its photo's too."""
    columns = []
    for stack in stacks:
        lines = [b for b in stack if _kind(b, body) == "body"]
        if len(lines) >= 3:
            columns.append((min(b.x0 for b in lines), max(b.x1 for b in lines)))
    bounds = {}
    for stack in stacks:
        for kind in {_kind(b, body) for b in stack}:
            lines = [b for b in stack if _kind(b, body) == kind]
            photos = [f for f in figures if any(_near_figure(b, [f], body) for b in lines)] if kind == "small" else []
            for box in lines:
                # Too few lines to show their column's width: the narrowest body column that holds the line.
                edges = (min(b.x0 for b in lines), max(b.x1 for b in lines)) if len(lines) >= 3 else min(
                    (c for c in columns if c[0] - 0.3 * body <= box.x0 and box.x1 <= c[1] + 0.3 * body),
                    key=lambda c: c[1] - c[0], default=(box.x0, box.x1))
                bounds[box] = (min([edges[0]] + [f.x0 for f in photos]), max([edges[1]] + [f.x1 for f in photos]))
    return bounds


def _continues(prev: Box, box: Box, kind: str, bounds: dict, figures: list[Box]) -> bool:
    """Whether box goes on with the paragraph that prev ends (the same style is given)."""
    left, _ = bounds[box]
    short = prev.x1 < bounds[prev][1] - 0.25 * prev.size
    below = prev.top < box.top < prev.bottom + 0.8 * box.size     # the next line down in the same column
    if kind == "head":
        return below
    if kind == "deck":
        return below and not short
    indented = box.x0 > left + 0.5 * box.size or box.text.startswith("\u3000")
    # … or the line at the top of the next column, or the line past a photo set into the column
    onward = below or box.top <= prev.top or any(
        prev.bottom <= f.top and f.bottom <= box.top and f.x0 < box.x1 and box.x0 < f.x1 for f in figures)
    return not short and not indented and onward


def _near_figure(box: Box, figures: list[Box], body: float) -> bool:
    """Whether a line sits just under or over a photo, within its width."""
    reach = CAPTION_REACH * body
    return any(f.x0 < box.x1 and box.x0 < f.x1 and 0 <= max(box.top - f.bottom, f.top - box.bottom) <= reach
               for f in figures)


def _articles(paras: list[Para]) -> list[list[Para]]:
    """Paragraphs grouped into articles: each starts at a headline (with the kicker above it)."""
    articles: list[list[Para]] = [[]]
    for para in paras:
        current = articles[-1]
        if para.kind == "head" and any(p.kind not in ("head", "deck") for p in current):
            kickers = []
            while current and current[-1].kind == "deck" and _just_above(current[-1], para):
                kickers.insert(0, current.pop())
            articles.append(kickers)
        articles[-1].append(para)
    return [_captions_after_byline(a) for a in articles if a]


def _just_above(deck: Para, head: Para) -> bool:
    """Whether a deck line sits right above a headline (a kicker), over its width."""
    d, h = deck.boxes[-1], head.boxes[0]
    return 0 <= h.top - d.bottom <= 2 * d.size and d.x0 < h.x1 and h.x0 < d.x1


def _captions_after_byline(article: list[Para]) -> list[Para]:
    """An article with its captions moved to where a text page has them: after the headline and byline."""
    captions = [p for p in article if p.kind == "caption"]
    rest = [p for p in article if p.kind != "caption"]
    at = next((i for i, p in enumerate(rest) if p.kind not in ("head", "deck")), len(rest))
    if at < len(rest) and len(rest[at].boxes) == 1 and len(rest[at].text) <= 24 and not rest[at].text.endswith("。"):
        at += 1
    return rest[:at] + captions + rest[at:]
