"""Helpers for the robustness tests: hostile pages, running the CLI, rendering Markdown, scanning HTML."""
from __future__ import annotations

import html.parser
from pathlib import Path

import markdown

from generator.app.cli import main

# A real-looking article: headline, dated lead paragraph, more text, byline.
ARTICLE = """# {title}

本报讯 {lead}衡阳高新区创新中心近日正式启用，已吸引入驻企业306家，现有头部企业20余家，高新技术企业近30家。

园区负责人介绍，下一步将围绕电子信息、新材料等主导产业，加快打造创新创业高地，推动高质量发展。

本报记者 张明
"""

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
JS_LINK = "[点击查看](javascript:alert(3))"
JINJA = "{{ config }}{% include 'x' %}"

# Markdown extensions of mkdocs.yml plus the ones MkDocs always adds.
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "pymdownx.details", "attr_list"]


def article(title: str = "衡阳高新区创新中心正式启用", lead: str = "") -> str:
    """The text of a page holding one well-formed article."""
    return ARTICLE.format(title=title, lead=lead)


def generate(capsys, *args: str) -> tuple[int, str, str]:
    """Run park-digest generate; (exit status, stdout, stderr)."""
    capsys.readouterr()
    status = main(["generate", *args])
    out, err = capsys.readouterr()
    return status, out, err


def lines_about(err: str, name: str) -> list[str]:
    """The stderr lines that mention name (review notes left out)."""
    return [line for line in err.splitlines() if name in line and not line.startswith("review:")]


def docs_snapshot(docs: Path) -> dict[str, bytes]:
    """Every file under docs with its bytes."""
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def render_markdown(text: str) -> str:
    """Markdown → HTML with the site's extensions."""
    return markdown.markdown(text, extensions=EXTENSIONS)


class TagCollector(html.parser.HTMLParser):
    """Collects (tag, attrs) and the text of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(fragment: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(fragment)
    collector.close()
    return collector


def html_problems(text: str) -> list[str]:
    """Input-originated tags or attributes found in a built HTML page."""
    found = [bad for bad in ("<script>alert", "<img src=x", 'href="javascript:', "href='javascript:")
             if bad in text]
    for tag, attrs in parse_html(text).tags:
        for key, value in attrs:
            if key.startswith("on") and value and "alert" in value:
                found.append(f"<{tag} {key}={value}>")
            if key in ("href", "src") and value and value.strip().lower().startswith("javascript:"):
                found.append(f"<{tag} {key}={value}>")
    return found
