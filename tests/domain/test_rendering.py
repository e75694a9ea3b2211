"""Markdown is rendered to safe HTML: no script, handler, javascript: URL or raw HTML survives."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.formats.markdown import render_markdown

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox(1))",
    '<div onmouseover="alert(1)">hover</div>',
    "<iframe src=https://evil.example></iframe>",
    "![x](https://evil.example/x.png)",
    "<style>body{display:none}</style>",
    "[x]: javascript:alert(1)\n\n[y][x]",
]


SAFE_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "strong", "em",
             "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td", "s", "sup", "sub"}


class Elements(HTMLParser):
    """Every element and attribute the browser would build from the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def assert_safe(html: str) -> None:
    for tag, attrs in Elements(html).elements:
        assert tag in SAFE_TAGS, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        assert set(attrs) <= {"href", "title", "rel", "id", "start", "align"}, attrs
        href = attrs.get("href", "").strip().lower()
        assert not href or href.startswith(("http:", "https:", "mailto:", "#")), href


@pytest.mark.parametrize("source", ATTACKS)
def test_dangerous_markdown_never_becomes_live_html(source):
    assert_safe(render_markdown(source).html)


def test_ordinary_markdown_keeps_its_shape_and_safe_links():
    rendered = render_markdown("# Findings\n\nSee **this** and [the site](https://example.org).\n\n"
                               "## Recommendations\n\n- one\n- two\n\n[mail](mailto:panel@example.org)")
    assert '<h2 id="s-findings">Findings</h2>' in rendered.html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">the site</a>' in rendered.html
    assert 'href="mailto:panel@example.org"' in rendered.html
    assert "<strong>this</strong>" in rendered.html and "<li>one</li>" in rendered.html
    assert rendered.toc == [(2, "s-findings", "Findings"), (3, "s-recommendations", "Recommendations")]


@given(st.text(alphabet=st.sampled_from(list("<>\"'=/ :ajvscriptonerolhf()[]!`&#;x1\n")), max_size=80))
def test_no_arbitrary_text_opens_a_tag_or_link_outside_the_allowlist(source):
    assert_safe(render_markdown(source).html)
