"""Markdown to safe HTML, once, when a publication is published.

markdown-it-py with raw HTML disabled, links limited to http, https and mailto (and in-page
anchors), then nh3 with an allowlist of tags and attributes, so neither the Markdown nor a
parser bug can put a script, an event handler or a ``javascript:`` URL on the public page.
Headings get ids and make the table of contents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "strong", "em",
        "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td", "s", "sup", "sub"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"},
              **{f"h{n}": {"id"} for n in range(2, 7)}}


@dataclass(frozen=True)
class Rendered:
    html: str
    #: (level, id, text) of each heading, for the table of contents.
    toc: list[tuple[int, str, str]]


def _valid_link(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(ALLOWED_SCHEMES) or url.startswith("#")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")  # the public site shows no remote images
    md.validateLink = _valid_link
    return md


def render_markdown(source: str) -> Rendered:
    """Safe HTML and a table of contents for ``source``. A top-level heading becomes level 2:
    the page's title is its only h1."""
    md = _markdown()
    env: dict = {}
    tokens = md.parse(source, env)
    toc: list[tuple[int, str, str]] = []
    used: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + 1)
            token.tag = f"h{level}"
            if token.type == "heading_open":
                text = "".join(c.content for c in (tokens[i + 1].children or []) if c.type in ("text", "code_inline"))
                anchor = _anchor(text, used)
                token.attrSet("id", anchor)
                if level <= 3:
                    toc.append((level, anchor, text))
    raw = md.renderer.render(tokens, md.options, env)
    html = nh3.clean(raw, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="nofollow noopener noreferrer", strip_comments=True)
    return Rendered(html=html, toc=toc)


def _anchor(text: str, used: set[str]) -> str:
    base = "s-" + (re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50] or "section")
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor
