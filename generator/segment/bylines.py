"""Bylines: who wrote an article and who took its photos, in print order."""
from __future__ import annotations

import re
from functools import lru_cache

from ..clean.fixers import drop_layout_marks, fold_fullwidth_alnum
from ..model import Byline
from ..knowledge.files import common_words, markers, surnames
from ..textutil import CJK, CJK_RE, TERMINALS

_NAME_RE = re.compile(f"[{CJK}]{{2,4}}|[{CJK}]{{1,6}}·[{CJK}]{{1,8}}")
_SENTENCE_MARK = re.compile(f"[{TERMINALS}，；]")
_ANY_BRACKET = re.compile("[（()）]")
_RELEASED_BY = re.compile(f"^[{CJK}]{{1,6}}[社网台]发\\s*")   # 新华社发 秦廷富 摄: the agency that sent it
_STATIONED = re.compile(f"[{CJK}]{{0,6}}驻[{CJK}]{{1,8}}?(?=(?:特约|首席)?记者)")
_ORG_BEFORE_ROLE = re.compile(f"[{CJK}]{{1,8}}(?:日报|晚报|晨报|导报|报|社|台|网|刊)$")
_BRACKETED = re.compile(r"[（(][^（()）]+[）)]")
# Who else worked on it (…参与采写) and the agency after a credit (摄（人民视觉）, 摄（新华社发）).
_AGENCY = re.compile(r"(?<=[摄绘图])\s*[（(][^（()）]{2,8}[）)]$")
_TAIL_BRACKET = re.compile(f"([{TERMINALS}][”’]*)\\s*([（(][^（()）]{{2,40}}[）)])$")
_TAIL_NAMES = re.compile(f"([{TERMINALS}][”’）]*)\\s+([{CJK}][{CJK} ]{{1,30}})$")


def is_person_name(token: str, strict: bool = True) -> bool:
    """True when token looks like a Chinese personal name (surname + given name).

    strict also rejects tokens that are ordinary words (used for bare name lines).

    >>> is_person_name("王安冉"), is_person_name("创新中心"), is_person_name("高新区")
    (True, False, False)
    """
    if not _NAME_RE.fullmatch(token):
        return False
    if "·" in token:  # minority and transliterated names: 买买提·艾力
        return True
    single, compound = surnames()
    if not (token[0] in single or token[:2] in compound):
        return False
    if any(token.endswith(end) for end in markers()["not_name_endings"]):
        return False
    if strict and token in common_words():
        return False
    return True


@lru_cache(maxsize=1)
def _roles() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of every role marker (longest first, so the longest wins at a position) and each one's kind."""
    m = markers()
    kinds = {r: "author" for r in m["author_roles"]} | {r: "photo" for r in m["photo_roles"]}
    return re.compile("|".join(re.escape(r) for r in sorted(kinds, key=lambda r: (-len(r), r)))), kinds


def _names_of(chunk: str, strict: bool) -> list[str] | None:
    """Names in a run of tokens separated by spaces or 、; single glyphs spaced out are rejoined."""
    tokens = chunk.replace("、", " ").split()
    names: list[str] = []
    pending = ""
    for tok in tokens + [""]:
        if len(tok) == 1 and CJK_RE.match(tok):
            pending += tok  # "周 围" and "靳  博": a name spaced out by justification
            continue
        if pending:
            names.append(pending)
            pending = ""
        if tok:
            names.append(tok)
    if not names or not all(is_person_name(n, strict and len(names) == 1) for n in names):
        return None
    return names


def parse_byline(text: str, bare_ok: bool = True) -> Byline | None:
    """Parse a byline line, or return None when the text is not one.

    bare_ok accepts a line of names with no role word (``范敏玲 周亚东 陈章彧``).

    >>> parse_byline("■文/谢小青 图/周 围 张志伟")
    Byline(authors=('谢小青',), photographers=('周围', '张志伟'))
    >>> parse_byline("谢小青 本报记者 戈清平").authors
    ('谢小青', '戈清平')
    >>> parse_byline("本报记者  靳  博").authors
    ('靳博',)
    >>> parse_byline("创新中心") is None
    True
    >>> parse_byline("（本报记者任筱霞、游仪参与采写）").authors, parse_byline("黄胜林摄（人民视觉）").photographers
    (('任筱霞', '游仪'), ('黄胜林',))
    >>> parse_byline("本报记者 穆可亮 通讯员 余  波  摄").photographers
    ('穆可亮', '余波')
    >>> parse_byline("经济日报记者  王新伟").authors, parse_byline("新华社记者  胡虎虎  摄").photographers
    (('王新伟',), ('胡虎虎',))
    >>> parse_byline("本报记者"), parse_byline("（赵英迪）").authors
    (Byline(authors=(), photographers=()), ('赵英迪',))
    """
    if _SENTENCE_MARK.search(text) and not _ANY_BRACKET.search(text):
        return None   # cleaning a byline removes only marks, names of agencies and bracketed notes: a sentence stays
    line, marked = _byline_text(text)
    if not line or len(line) > 60 or _SENTENCE_MARK.search(line):
        return None
    parts = _role_parts(line)   # (role, text) in print order
    any_role = len(parts) > 1
    if not (any_role or marked or bare_ok):
        return None
    return _names_by_role(parts, strict=not (any_role or marked))


def _byline_text(text: str) -> tuple[str, bool]:
    """A byline's text without layout marks, brackets, agencies and 参与采写; whether it was marked (■, brackets)."""
    raw = fold_fullwidth_alnum(text).strip()
    line = drop_layout_marks(raw).strip()
    marked = line != raw
    if _BRACKETED.fullmatch(line):
        line = line[1:-1].strip()    # a closing byline: （本报记者 张三）; bare names there are checked strictly
    line = _STATIONED.sub("", line)   # 本报驻埃及记者, 新华社驻日本记者: a reporter abroad
    line = _AGENCY.sub("", _RELEASED_BY.sub("", line)).strip()
    for ending in markers()["contribution_endings"]:
        if line.endswith(ending):
            return line[:-len(ending)].strip(), marked
    return line, marked


def _role_parts(line: str) -> list[tuple[str, str]]:
    """The line cut at its role words: (kind of the role before the text, text)."""
    parts: list[tuple[str, str]] = []
    role, rest = "author", line
    while True:
        hit = _next_role(rest)
        if hit is None:
            parts.append((role, rest))
            break
        start, marker, kind = hit
        parts.append((role, rest[:start]))
        role, rest = kind, rest[start + len(marker):]
    return parts


def _names_by_role(parts: list[tuple[str, str]], strict: bool) -> Byline | None:
    """Authors and photographers named in the parts of a byline (None when a part is not names)."""
    authors: list[str] = []
    photographers: list[str] = []
    photo = False
    for i, (kind, chunk) in enumerate(parts):
        if i + 1 < len(parts) and not chunk[-1:].isspace():
            chunk = _ORG_BEFORE_ROLE.sub("", chunk)   # 经济日报记者, 新华社记者: the paper glued to the role
        chunk = chunk.strip(" ：:/／")
        if not chunk:
            continue
        photo = any(chunk.endswith(" " + s) or chunk.endswith(s) and len(chunk) > len(s) + 1 for s in markers()["photo_suffixes"])
        if photo:
            chunk = re.sub(f"\\s*(?:{'|'.join(markers()['photo_suffixes'])})$", "", chunk)
        names = _names_of(chunk, strict)
        if names is None:
            return None
        (photographers if kind == "photo" or photo else authors).extend(names)
    if photo and not any(kind == "photo" for kind, _ in parts):
        # A credit that ends in 摄 names the photographers, whatever role each has
        # (本报记者 穆可亮 通讯员 余波 摄).
        authors, photographers = [], authors + photographers
    if not authors and not photographers:
        # A role alone (本报记者): a byline whose names the article gives at its end.
        return Byline() if len(parts) > 1 else None
    return Byline(tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(photographers)))


def _next_role(text: str) -> tuple[int, str, str] | None:
    """The first role marker in text: (position, marker, kind)."""
    pattern, kinds = _roles()
    m = pattern.search(text)
    return (m.start(), m.group(), kinds[m.group()]) if m else None


def split_tail_byline(paragraph: str) -> tuple[str, Byline | None]:
    """Split a name printed after a paragraph's last sentence (``…保障。 高政研``).

    >>> split_tail_byline("为益阳高新区发展提供坚强保障。 高政研")
    ('为益阳高新区发展提供坚强保障。', Byline(authors=('高政研',), photographers=()))
    >>> split_tail_byline("增幅居第一。 2020 年")[1] is None
    True
    >>> split_tail_byline("授予临颍。（记者郭海方）"), split_tail_byline("见附表。（单位：亿元）")[1]
    (('授予临颍。', Byline(authors=('郭海方',), photographers=())), None)
    """
    m = _TAIL_NAMES.search(paragraph) or _TAIL_BRACKET.search(paragraph)
    if not m:
        return paragraph, None
    byline = parse_byline(m.group(2), bare_ok=True)
    if byline is None:
        return paragraph, None
    return paragraph[:m.end(1)], byline


def split_dateline(paragraph: str) -> tuple[str, Byline | None, bool]:
    """Strip a dateline (``本报讯（特约通讯员 李宝乐）``); return (rest, byline, had_dateline).

    >>> split_dateline("本报讯 （特约通讯员 李宝乐）9月7日，以")
    ('9月7日，以', Byline(authors=('李宝乐',), photographers=()), True)
    >>> split_dateline("本报讯 近日，第二十届")
    ('近日，第二十届', None, True)
    >>> split_dateline("本报南京1月13日电  （记者姚雪青）“我们在")
    ('“我们在', Byline(authors=('姚雪青',), photographers=()), True)
    """
    text = paragraph.lstrip()
    m = _dateline().match(fold_fullwidth_alnum(text))
    if m is None:
        return paragraph, None, False
    rest = text[m.end():].lstrip()
    b = re.match(r"[（(]([^（()）]{1,40})[）)]\s*", rest)
    byline = parse_byline(b.group(1), bare_ok=True) if b else None
    if byline is not None:
        rest = rest[b.end():]
    return rest.lstrip(), byline, True


def starts_with_dateline(text: str) -> bool:
    """True when text opens with a dateline (本报讯, 本报北京3月5日电 …).

    >>> starts_with_dateline("本报讯 近日"), starts_with_dateline("近日"), starts_with_dateline("新华社北京3月5日电 记者")
    (True, False, True)
    """
    return _dateline().match(fold_fullwidth_alnum(text.lstrip()[:40])) is not None


@lru_cache(maxsize=1)
def _dateline() -> re.Pattern[str]:
    """Dateline words (本报讯 …) or a dated dateline (本报南京1月13日电), at the start of a text."""
    m = markers()
    words = "|".join(map(re.escape, sorted(m["datelines"], key=len, reverse=True)))
    return re.compile(f"(?:{words})|(?:{m['dateline_pattern'].lstrip('^')})")
