"""Read stage: a saved web page (.html, .htm) to page text: the article, not the site around it.

trafilatura finds the article's title, date, author and main text without navigation, scripts,
comments or footers. The 来源/作者/发布时间 line Chinese sites print above an article and the
责任编辑 line below it give date, authors and paper when it found none, and stay out of the body.
The text opens with YAML front matter (masthead.split_front_matter reads it), a paragraph a line.
"""
from __future__ import annotations

import codecs
import functools
import html
import re

import yaml

from ..clean.fixers import fold_fullwidth_alnum
from ..errors import PageError
from ..knowledge.files import markers, surnames

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]{0,100}?"""
                          rb"""encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_BINARY = ((b"%PDF-", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
           (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive or Office document"))
_MARKUP_RE = re.compile(r"<(?:!doctype|html|head|body|meta|title|div|p|article|section|table|span|br|h[1-6])\b", re.I)
# Labels of the lines around an article: where it comes from, who wrote it, when, how often read.
_LABEL = (r"(?:信息来源|文章来源|稿件来源|新闻来源|来源|作者|记者|发布时间|发布日期|更新时间|时间|日期|"
          r"浏览次数|浏览量|点击数|点击|阅读量|阅读|累计次数|字体|字号|发布机构|责任编辑|编辑|"
          r"索引号|主题分类|分类|文号|成文日期|有效性|名称)")   # the last: a 政府信息公开 page's index table
_FIELD_RE = re.compile(rf"({_LABEL})\s*[:：]\s*(.*?)(?=\s{{2,}}|\s*{_LABEL}\s*[:：]|[|｜【\[\]]|$)")
_DATE_RE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_LINE_RE = re.compile(rf"^\[?{_DATE_RE.pattern}日?\]?(?:\s*\d{{1,2}}:\d\d(?::\d\d)?)?$")   # a date alone
_FOOTER_RE = re.compile(r"^[\[【(（]?\s*(?:责任编辑|责编|编辑|网络编辑|值班编辑|审核|终审|校对|监制)\s*[:：|｜]"
                        r"|版权所有|不得转载|转载请注明|未经授权|扫一扫|分享到|打印本页|关闭窗口|返回顶部"
                        r"|^(?:您现在的位置|您所在的位置|当前位置|所在位置|上一篇|下一篇|上一条|下一条)\s*[:：]")
_EDITOR_TAIL_RE = re.compile(r"\s*[\[【(（]\s*(?:责任编辑|责编|编辑)\s*[:：][^\]】)）]{0,20}[\]】)）]\s*$")
_PAPER_ENDINGS = ("报", "网", "社", "台", "刊", "新闻", "杂志", "客户端", "频道", "在线")
_DATELINE_RE = re.compile(r"^(?:本报讯|[^，。]{0,12}(?:讯|电)\s*[（(]|[（(]?(?:本报)?记者)")
_INFO_MAX = 160          # an info or footer line is no longer than this
_CAPTION_MAX = 150       # a photo caption is no longer than this
_MIN_ARTICLE = 80        # trafilatura's 250-character floor is for English: 80 Chinese characters say as much
_squeezed = functools.partial(re.compile(r"\s+").sub, "")   # text without spaces, to compare a title with a line
_BLOCK_TAGS = frozenset({"p", "div", "table", "ul", "ol", "form", "img", "br", "h1", "h2", "h3", "h4", "h5", "h6"})


def html_page_text(data: bytes, name: str) -> tuple[str, str]:
    """A web page's article as page text with front matter, and the encoding it was read in.

    >>> page = '<html><head><title>园区新闻</title></head><body><h1>园区新闻</h1><p>来源：园区日报 作者：张三</p>'
    >>> text, enc = html_page_text((page + '<p>' + '高新区项目开工。' * 20 + '</p></body></html>').encode(), 'p.html')
    >>> text.splitlines()[:5], enc
    (['---', 'title: 园区新闻', 'authors:', '- 张三', 'paper: 园区日报'], 'utf-8')
    """
    markup, encoding = _decoded(data, name)
    if not _MARKUP_RE.search(markup):
        raise PageError(name, "not a web page: no HTML markup found (a text page is read as .txt)")
    import trafilatura   # loaded only for web pages

    tree = trafilatura.load_html(markup)
    if tree is None:
        raise PageError(name, "not a web page: its HTML cannot be parsed")
    _drop_scripts_and_captions(tree)
    _unwrap_layout_tables(tree)
    fields = _page_fields(tree)
    doc = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True, with_metadata=True,
                                      config=_config())
    title = _title(tree, doc)
    blocks = [b for b in _blocks(getattr(doc, "body", None)) if not _furniture(b[1], (title, ""))]
    several = _several_articles(blocks)
    heads = (title, "" if several else _subtitle(tree, title))
    blocks = [b for b in blocks if not _furniture(b[1], heads)]
    if not any(kind == "p" and re.search(r"[。！？]|[.!?]\s", text) for kind, text in blocks):   # no sentence, no article
        raise PageError(name, "no article text found in the web page (an index, a list or an empty page?)")
    meta = {"title": "" if several else title, "date": _date(doc, fields),
            "authors": _authors(doc, fields), "paper": _paper(doc, fields, tree)}
    front = yaml.safe_dump({k: v for k, v in meta.items() if v}, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{_body(blocks, heads, several)}\n", encoding


def _body(blocks: list[tuple[str, str]], heads: tuple[str, str], several: bool) -> str:
    """The page's lines: headlines as "# " lines (a short article is then not a photo item), other heads "## "."""
    if several:
        return "\n\n".join(("# " if kind == "head" else "") + text for kind, text in blocks)
    lines = ["# " + heads[0]] + (["## " + heads[1]] if heads[1] else [])
    return "\n\n".join(lines + [("## " if kind == "head" else "") + text for kind, text in blocks])


def _decoded(data: bytes, name: str) -> tuple[str, str]:
    """The page's markup as text: by its BOM, its declared charset, UTF-8, else detected."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding.replace("-sig", "")
    kind = next((k for m, k in _BINARY if data.startswith(m) or m == b"%PDF-" and m in data[:1024]), "")
    if kind or b"\x00" in data[:4096]:
        raise PageError(name, f"not a web page: {kind or 'binary content'}")
    m = _DECLARED_RE.search(data[:8192])
    declared = _codec((m.group(1) or m.group(2)).decode("ascii")) if m else None
    for encoding in filter(None, (declared, "utf-8")):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), _codec(best.encoding) or best.encoding
    if declared:
        return data.decode(declared, errors="replace"), declared
    raise PageError(name, "not a web page: its bytes are in no known text encoding")


def _codec(label: str) -> str | None:
    """The Python codec for a charset label (GB2312 and GBK pages read as their superset GB18030).

    >>> _codec("GB2312"), _codec("x-gbk"), _codec("UTF8"), _codec("bogus")
    ('gb18030', 'gb18030', 'utf-8', None)
    """
    label = label.lower().removeprefix("x-")
    if label in ("gb2312", "gbk", "gb_2312-80", "cp936", "euc-cn", "gb18030"):
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _drop_scripts_and_captions(tree) -> None:
    """Remove scripts, styles and comments, and photo captions set under their photos."""
    for el in list(tree.iter())[1:]:    # not the root
        script = el.tag in ("script", "style", "noscript") and el.get("type") != "application/ld+json"
        if script or not isinstance(el.tag, str) or el.tag == "figcaption" or _is_caption(el):
            el.drop_tree()   # its tail text stays


def _config():
    """trafilatura's settings, with the smallest article it keeps sized for Chinese."""
    from trafilatura.settings import use_config

    (config := use_config()).set("DEFAULT", "MIN_EXTRACTED_SIZE", str(_MIN_ARTICLE))
    return config


def _unwrap_layout_tables(tree) -> None:
    """Turn tables that lay out a page (old sites put the whole page in them) into plain blocks; data tables stay."""
    for table in reversed(list(tree.iter("table"))):
        for el in [] if _data_table(table) else [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
            el.tag = "div"


def _data_table(table) -> bool:
    """True when a table holds data: two rows or more, most of two cells or more, no blocks inside its cells."""
    rows = [r for r in table.iter("tr") if r.getparent() is table or r.getparent().getparent() is table]
    if len(rows) < 2 or any(el.tag in _BLOCK_TAGS for c in table.iter("td", "th") for el in c.iterdescendants()):
        return False
    return sum(len(r.findall("td")) + len(r.findall("th")) >= 2 for r in rows) * 2 >= len(rows)


def _is_caption(el) -> bool:
    """True when el is a short centred text right after an element that only holds a photo."""
    before = el.getprevious()
    if before is None or not isinstance(before.tag, str) or el.find(".//img") is not None:
        return False
    photo = before.tag == "img" or (before.find(".//img") is not None and not before.text_content().strip())
    centred = el.get("align", "").lower() == "center" or "center" in el.get("style", "").replace(" ", "")
    text = el.text_content().strip()
    return photo and (centred or "caption" in el.get("class", "")) and 0 < len(text) <= _CAPTION_MAX


def _page_fields(tree) -> dict[str, str]:
    """The 来源/作者/发布时间 fields of the page's short info lines (first value of each label)."""
    found: dict[str, str] = {}
    for el in tree.iter("div", "p", "span", "td", "li", "section", "header", "small", "em"):
        text = " ".join(el.text_content().split("\xa0"))
        if len(text) > _INFO_MAX or "。" in text or not re.search(_LABEL + r"\s*[:：]", text):
            continue
        for label, value in _FIELD_RE.findall(text):
            key = "source" if "来源" in label else "author" if label in ("作者", "记者") else \
                "date" if re.search("时间|日期", label) else ""
            value = value.strip(" ]】[")
            if key and value and not re.match(_LABEL, value):
                found.setdefault(key, value)
        if "date" not in found and (d := _DATE_RE.search(text)):
            found["date"] = d.group(0)
    return found


def _blocks(body) -> list[tuple[str, str]]:
    """(kind, text) of each heading (head) and paragraph (p) of trafilatura's main text."""
    out = []
    for el in body if body is not None else ():
        if el.tag in ("list", "table"):
            rows = el.iter("item") if el.tag == "list" else el.iter("row")
            out += [("p", t) for t in (_text(r) for r in rows) if t]
        elif el.tag in ("head", "p", "quote", "code") and (t := _text(el)):
            out.append(("head" if el.tag == "head" else "p", t))
    return out


def _text(el) -> str:
    """An element's text on one line: entities decoded, spaces collapsed, full-width digits and letters folded.

    >>> from lxml import etree
    >>> _text(etree.fromstring("<p>\\u3000\\u3000２０２４年 &amp;amp; <hi>ＡＩ</hi>\\n园区</p>"))
    '2024年 & AI 园区'
    """
    text = html.unescape(" ".join("".join(el.itertext()).split()))
    return _EDITOR_TAIL_RE.sub("", fold_fullwidth_alnum(text)).strip()


def _furniture(text: str, heads: tuple[str, str]) -> bool:
    """True for the headline or subtitle again, an info line, a date alone, or a footer line (责任编辑, 版权所有 …)."""
    if _squeezed(text) in {_squeezed(h) for h in heads if h} or _DATE_LINE_RE.match(text):
        return True
    info = "。" not in text and re.search(_LABEL + r"\s*[:：]", text)
    return len(text) <= _INFO_MAX and bool(_FOOTER_RE.search(text) or info)


def _title(tree, doc) -> str:
    """The headline: ArticleTitle, og:title, the extractor's or a h1 found in <title>, else <title> less the site."""
    page_title = " ".join(tree.xpath("string(//title)").split())
    parts = re.split(r"\s+[-|_–—]\s+|[_|｜]", page_title)
    candidates = [*tree.xpath("//meta[@name='ArticleTitle' or @name='articletitle']/@content"),
                  *tree.xpath("//meta[@property='og:title']/@content"), getattr(doc, "title", None) or "",
                  *(h.text_content() for h in tree.iter("h1", "h2"))]
    candidates = [" ".join(c.split()) for c in candidates if c and len(_squeezed(c)) >= 4]
    in_head = [c for c in candidates if _squeezed(c) in _squeezed(parts[0])]
    if in_head:
        title = max(in_head, key=len)
    elif len(parts) > 1 and len(parts[0]) >= 4:
        title = parts[0]
    else:
        inside = [c for c in candidates if _squeezed(c) in _squeezed(page_title)]
        title = (inside or candidates or [page_title])[0]
    return fold_fullwidth_alnum(title.strip())


def _subtitle(tree, title: str) -> str:
    """The line under the headline: a short heading (h2–h6, or of a sub… class) right after the headline's element."""
    for el in tree.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "div"):
        if _squeezed(el.text_content()) != _squeezed(title):
            continue
        after = next((e for e in el.itersiblings() if isinstance(e.tag, str) and e.text_content().strip()), None)
        if after is None or not (re.fullmatch("h[2-6]", after.tag) or "sub" in after.get("class", "")):
            return ""
        text = " ".join(after.text_content().split()).strip("—－- ")
        return fold_fullwidth_alnum(text) if 2 <= len(text) <= 60 and not _furniture(text, ("", "")) else ""
    return ""


def _several_articles(blocks: list[tuple[str, str]]) -> bool:
    """True when the page holds several news items: two or more headings each opening a body with its own dateline."""
    opened = [blocks[i + 1][1] for i, (kind, _) in enumerate(blocks[:-1]) if kind == "head" and blocks[i + 1][0] == "p"]
    return sum(bool(_DATELINE_RE.match(t)) for t in opened) >= 2


def _date(doc, fields: dict[str, str]) -> str:
    """The publication date YYYY-MM-DD: the extractor's, else the page's 发布时间 line."""
    found = getattr(doc, "date", None) or ""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", found):
        return found
    m = _DATE_RE.search(fields.get("date", ""))
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""


def _authors(doc, fields: dict[str, str]) -> list[str]:
    """Person names the extractor or the page's 作者/记者 field gives (no offices, papers or sites)."""
    names = []
    for value in (getattr(doc, "author", None) or "", fields.get("author", "")):
        for token in re.split(r"[\s,，、;；/|]+", fold_fullwidth_alnum(value)):
            if _person(token) and token not in names:
                names.append(token)
    return names


def _person(token: str) -> bool:
    """True when token looks like a Chinese personal name.

    >>> _person("任庆华"), _person("发改委"), _person("滨海日报"), _person("欧阳晓")
    (True, False, False, True)
    """
    if "·" in token:
        return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff·]{1,12}", token))
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", token):
        return False
    single, compound = surnames()
    known = token[0] in single or token[:2] in compound
    return known and not token.endswith((*markers()["not_name_endings"], "委", "局", "办", "报", "网", "社", "部"))


def _paper(doc, fields: dict[str, str], tree) -> str:
    """The paper or site the article comes from: a 来源 that names one, else the site's name."""
    source = fields.get("source", "").strip()
    if source.endswith(_PAPER_ENDINGS):
        return source
    site = [*tree.xpath("//meta[@name='SiteName' or @name='sitename']/@content"),
            *tree.xpath("//meta[@property='og:site_name']/@content"), getattr(doc, "sitename", None) or ""]
    return next((s.strip() for s in site if s and s.strip()), source)
