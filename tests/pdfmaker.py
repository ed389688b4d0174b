"""Newspaper PDFs for the tests: real page texts set as e-paper pages with reportlab and a CJK TrueType font.

As a paper lays a page out: a masthead, a grid of 3–5 columns, the lead story spanning several with a stack of
stories beside it and a band of stories below; each story a module with kicker, headline (1.6–2× the body size),
subtitle, byline, a photo with captions in a smaller size, and justified paragraphs (first line indented) flowing
down one column and on into the next.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
PAGE = (1100.0, 1530.0)          # a broadsheet (对开) page, in points
MARGIN = 36.0
NO_LINE_START = "，。、；：！？”’）》…"
CAPTION = re.compile(r"图为|^数据来源|(摄|供图|绘)(（[^）]*）)?$")
BYLINE = re.compile(r"^本报记者|^[\u4e00-\u9fff]{1,4}(\s+[\u4e00-\u9fff]{1,4})*$")
BODY, SHARP, MONO = "WQYZenHei", "WQYZenHeiSharp", "WQYZenHeiMono"


def unavailable() -> str:
    """Why newspaper PDFs cannot be made here ('' when they can)."""
    try:
        import reportlab  # noqa: F401
        import PIL  # noqa: F401
    except ImportError as err:
        return f"{err.name} is not installed (pip install -e '.[test]')"
    if not FONT.is_file():
        return f"no CJK TrueType font at {FONT} (apt-get install fonts-wqy-zenhei)"
    return ""


@dataclass
class Story:
    """One article of a page, as the paper sets it."""

    title: str
    kickers: list[str] = field(default_factory=list)
    decks: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


def stories(text: str, titles: list[str]) -> tuple[str, list[Story]]:
    """The masthead and stories of a page in the lines form (one paragraph a line, blank lines between articles)."""
    blocks = [b.splitlines() for b in text.strip().split("\n\n")]
    found = []
    for lines in blocks[1:]:
        at = next(i for i, line in enumerate(lines) if line in titles)
        story = Story(lines[at], kickers=lines[:at])
        rest = lines[at + 1:]
        while rest and len(rest[0]) <= 16 and not CAPTION.search(rest[0]) and not rest[0].endswith("。"):
            (story.bylines if BYLINE.search(rest[0]) else story.decks).append(rest.pop(0))
        story.captions, story.body = [x for x in rest if CAPTION.search(x)], [x for x in rest if not CAPTION.search(x)]
        found.append(story)
    return blocks[0][0], found


def _fonts() -> None:
    """Register the three faces of WenQuanYi Zen Hei with reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if BODY not in pdfmetrics.getRegisteredFontNames():
        for index, name in enumerate((BODY, MONO, SHARP)):
            pdfmetrics.registerFont(TTFont(name, str(FONT), subfontIndex=index))


def typeset(text: str, width: float, font: str, size: float, indent: float = 0.0) -> list[tuple[str, float, bool]]:
    """Lines of a paragraph as (text, char spacing that justifies it, is last line); Latin words stay whole."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[tuple[str, float]] = []
    line, used, room = "", 0.0, width - indent
    for token in re.findall(r"[A-Za-z0-9.%+-]+|.", text):
        w = stringWidth(token, font, size)
        hangs = token[0] in NO_LINE_START and used + w <= room + size    # squeezed in, never a line's first mark
        if line and used + w > room + 0.01 and not hangs:
            lines.append((line, room - used))
            line, used, room = "", 0.0, width
        line, used = line + token, used + w
    lines.append((line, room - used))
    return [(t, spare / max(len(t) - 1, 1) if i < len(lines) - 1 or spare < 0 else 0.0, i == len(lines) - 1)
            for i, (t, spare) in enumerate(lines)]


@dataclass
class Grid:
    """A page's column grid and type sizes."""

    columns: int
    size: float

    @property
    def gutter(self) -> float:
        return 1.6 * self.size

    @property
    def column(self) -> float:
        return (PAGE[0] - 2 * MARGIN - (self.columns - 1) * self.gutter) / self.columns

    def width(self, span: int) -> float:
        return span * self.column + (span - 1) * self.gutter


# A drawing item: ("text", x, top, text, font, size, spacing), ("image", x, top, w, h) or ("rule", x, top, w, 0);
# top is measured down from the top of the module, then of the page.
Item = tuple


def _rows(paras: list[tuple], width: float, lead: float = 1.5) -> list[tuple[float, Item]]:
    """Rows (height, item) of paragraphs given as (text, font, size, space above, centred, first-line indent)."""
    rows = []
    for text, font, size, above, centred, indent in paras:
        for n, (line, spacing, last) in enumerate(typeset(text, width, font, size, indent)):
            x = (width - _width(line, font, size)) / 2 if centred and last else indent if n == 0 else 0.0
            rows.append((size * lead + (above if n == 0 else 0.0),
                         ("text", x, above if n == 0 else 0.0, line, font, size, spacing)))
    return rows


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def _body(story: Story, s: float) -> list[tuple]:
    """The body's paragraphs: first lines indented two characters; subheads (short, open-ended) in a heavier face."""
    subhead = [len(p) <= 24 and not p.endswith(("。", "！", "”", "…", "）")) and not p.startswith("（")
               for p in story.body]
    return [(p, SHARP, 1.1 * s, 0.4 * s, False, 0.0) if sub else (p, BODY, s, 0.0, False, 2 * s)
            for p, sub in zip(story.body, subhead, strict=True)]


def compose(story: Story, span: int, grid: Grid, lead: bool) -> tuple[list[Item], float]:
    """A story's module, span columns wide (the lead's photo atop its last column): its items and its height."""
    s, width = grid.size, grid.width(span)
    head = [(k, SHARP, 1.2 * s, 0.0, lead, 0.0) for k in story.kickers]
    head += [(story.title, SHARP, (2.0 if lead else 1.6) * s, 0.2 * s, lead, 0.0)]
    head += [(d, SHARP, 1.2 * s, 0.2 * s, lead, 0.0) for d in story.decks]
    head += [(b, MONO, s, 0.3 * s, False, 0.0) for b in story.bylines]
    items, top = [], 0.0
    for height, item in _rows(head, width, lead=1.3):
        items.append(_moved(item, 0.0, top))
        top += height
    top += 0.5 * s
    starts = [0.0] * span
    if story.captions:
        inset = lead and span > 1
        photo = grid.column if inset or span == 1 else width
        x, y = (span - 1) * (grid.column + grid.gutter) if inset else 0.0, min(0.55 * photo, 14 * s) + 0.3 * s
        items.append(("image", x, top, photo, y - 0.3 * s))
        for height, item in _rows([(c, BODY, 0.8 * s, 0.0, False, 0.0) for c in story.captions], photo, lead=1.4):
            items.append(_moved(item, x, top + y))
            y += height
        if inset:
            starts[-1] = y + 0.7 * s
        else:
            top += y + 0.7 * s
    return _flow(items, _rows(_body(story, s), grid.column), starts, top, grid)


def _flow(items: list[Item], rows: list[tuple[float, Item]], starts: list[float], top: float,
          grid: Grid) -> tuple[list[Item], float]:
    """Body rows flowed down the module's columns (each from its start), balanced; the items and the height."""
    s, span = grid.size, len(starts)
    target, column, y, tallest = (sum(h for h, _ in rows) + sum(starts)) / span, 0, starts[0], 0.0
    for height, item in rows:
        if y + height > target + 0.75 * s and column < span - 1 and y > starts[column]:
            column += 1
            y = starts[column]
        above = item[2] if y == starts[column] else 0.0     # no space above a subhead at a column's top
        items.append(_moved(item, column * (grid.column + grid.gutter), top + y - above))
        y += height - above
        tallest = max(tallest, y)
    return items, top + tallest


def _moved(item: Item, dx: float, dy: float) -> Item:
    return (item[0], item[1] + dx, item[2] + dy) + item[3:]


def layout(page: list[Story], grid: Grid) -> tuple[list[Item], float]:
    """Place the stories: the lead with a stack beside it, then a band of the rest; the items and the page's depth."""
    n, sep = grid.columns, 2.0 * grid.size
    lead_span = {3: 2, 4: 3, 5: 3}.get(n, n - 1)
    placed, y0 = [], MARGIN + 40.0
    lead_items, lead_h = compose(page[0], lead_span, grid, True)
    placed.append((lead_items, 0, y0, lead_span))
    rest, y = page[1:], y0
    while rest:
        items, h = compose(rest[0], n - lead_span, grid, False)
        if y > y0 and y + h > y0 + lead_h:
            break
        placed.append((items, lead_span, y, n - lead_span))
        y, rest = y + h + sep, rest[1:]
    band, column = max(y0 + lead_h, y - sep) + sep, 0
    for story, span in zip(rest, _spans([sum(map(len, s.body)) for s in rest], n), strict=True):
        items, h = compose(story, span, grid, False)
        placed.append((items, column, band, span))
        column, y = column + span, max(y, band + h)
    out = []
    for items, column, top, span in placed:
        x = MARGIN + column * (grid.column + grid.gutter)
        out += [_moved(i, x, top) for i in items]
        out.append(("rule", x, top - sep / 2, grid.width(span), 0.0))
    return out, max(y, y0 + lead_h)


def _spans(sizes: list[int], columns: int) -> list[int]:
    """Columns for stories side by side: at least one each, the rest by length (largest remainder)."""
    if not sizes:
        return []
    assert len(sizes) <= columns, "more stories below the lead than columns"
    spans = [1] * len(sizes)
    for _ in range(columns - len(sizes)):
        spans[max(range(len(sizes)), key=lambda i: sizes[i] / spans[i])] += 1
    return spans


def _draw(canvas, items: list[Item]) -> None:
    """Draw page items (tops measured down from the page's top edge)."""
    for item in items:
        if item[0] == "text":
            _, x, top, text, font, size, spacing = item
            t = canvas.beginText()
            t.setFont(font, size)
            for ch in text:   # each character placed: justified lines (reportlab's char spacing breaks at font subsets)
                t.setTextOrigin(x, PAGE[1] - top - 0.8 * size)    # the glyph box's top is 0.8 em above the baseline
                t.textOut(ch)
                x += _width(ch, font, size) + spacing
            canvas.drawText(t)
        elif item[0] == "image":
            _, x, top, w, h = item
            canvas.drawImage(_photo(), x, PAGE[1] - top - h, w, h)
        else:
            canvas.setLineWidth(0.5)
            canvas.line(item[1], PAGE[1] - item[2], item[1] + item[3], PAGE[1] - item[2])


def _photo():
    """A photo with no text in it: a grey gradient with a bright square."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (64, 40))
    image.putdata([240 if 20 < x < 40 and 10 < y < 30 else (x * 3 + y * 2) % 256 for y in range(40) for x in range(64)])
    return ImageReader(image)


def _masthead(canvas, line: str, size: float) -> None:
    """The folio across the top: paper's name large at the left, date in the middle, page and section at the right."""
    parts = re.split(r"\s{2,}", line.strip())
    xs = [MARGIN + i * (PAGE[0] - 2 * MARGIN) / len(parts) for i in range(len(parts))]
    for i, (x, part) in enumerate(zip(xs, parts, strict=True)):
        canvas.setFont(SHARP if i == 0 else BODY, 2.2 * size if i == 0 else 1.2 * size)
        canvas.drawString(x, PAGE[1] - MARGIN - 2.2 * size, part)
    canvas.setLineWidth(1.5)
    canvas.line(MARGIN, PAGE[1] - MARGIN - 3.2 * size, PAGE[0] - MARGIN, PAGE[1] - MARGIN - 3.2 * size)


def newspaper_pdf(pages: list[tuple[str, list[Story]]], columns: int) -> bytes:
    """A PDF of newspaper pages (masthead, stories) on a grid of columns; the body size is the largest that fits."""
    from reportlab.pdfgen.canvas import Canvas

    _fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=PAGE, invariant=True)
    for masthead, page in pages:
        for size in (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5):
            items, depth = layout(page, Grid(columns, size))
            if depth <= PAGE[1] - MARGIN:
                break
        _masthead(canvas, masthead, 9.0)
        _draw(canvas, items)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF with no text layer: a scanned page is only a picture."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=PAGE, invariant=True)
    canvas.drawImage(_photo(), MARGIN, MARGIN, PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def damaged_pdf(good: bytes) -> bytes:
    """A PDF cut off part way, as a broken download leaves it."""
    return good[: len(good) * 2 // 3]
