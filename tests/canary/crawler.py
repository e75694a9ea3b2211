"""One generic crawler of the public site, as an anonymous visitor sees it.

It starts from ``START`` (the home page, the findings index, the feed, ``/impact``, the sign-in
page, two 404s) plus anything the caller adds, and follows every same-site link it meets:
``href``, ``src`` and ``action`` attributes of HTML pages and the links of Atom feeds. Every
answer is read whatever its type (CSV and JSON as text, PDF through pypdf, headers included), so
new public pages and downloads (open data, report PDFs) are crawled as soon as a public page
links to them. To crawl a URL nothing links to (a download only documented elsewhere), add its
path to ``START`` (or pass it as ``extra``); a 404 there is harmless until it exists.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urldefrag, urljoin, urlsplit

import httpx

#: Where every crawl begins. Error pages are included on purpose: they are public too. The offline page,
#: the service worker and the manifest are fetched by the browser, not linked.
START = ["/", "/findings", "/findings/feed.atom", "/impact", "/panels/citizens", "/get-involved", "/login",
         "/offline", "/service-worker.js", "/static/manifest.json", "/no-such-page", "/findings/no-such-report"]
#: Never fetched: they change state or are not pages (a GET here would be harmless, but pointless).
SKIP = ("/logout", "/healthz")
LIMIT = 2000  # pages; a crawl that reaches it is a bug (a link loop), and fails
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass
class Crawl:
    """What an anonymous visitor could read: each URL's decoded text (headers included)."""

    texts: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    #: Each HTML page's markup as served (for the HTML checker).
    html: dict[str, str] = field(default_factory=dict)

    def leaks(self, canaries: list[str]) -> list[tuple[str, str]]:
        """(url, canary) for every canary found, case-folded, in any text or URL crawled."""
        found = []
        for url, text in self.texts.items():
            folded = readable(url + "\n" + text)
            for echoed in parse_qs(urlsplit(url).query).get("q", []):  # the visitor's own words, echoed
                folded = folded.replace(readable(echoed), " ")
            found += [(url, c) for c in canaries if readable(c) in folded]
        return found


def readable(text: str) -> str:
    """Text as a reader would see it: URL-decoded (twice, for double encoding), HTML entities
    resolved, case-folded, runs of white space made one space."""
    for _ in range(2):
        text = html.unescape(unquote(text.replace("+", " ")))
    return " ".join(text.casefold().split())


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return meta + "\n" + "\n".join(page.extract_text() or "" for page in reader.pages)


def _text_of(response: httpx.Response) -> str:
    kind = response.headers.get("content-type", "")
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    if "pdf" in kind or response.content.startswith(b"%PDF"):
        body = pdf_text(response.content)
    else:
        body = response.content.decode("utf-8", errors="replace")
    return headers + "\n" + body


def _same_site(base: str, url: str) -> str | None:
    """The path and query of ``url`` when it is on this site and worth fetching, else None."""
    url = urldefrag(urljoin(base, html.unescape(url))).url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(base).netloc:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if parts.path.startswith(SKIP) else path


async def crawl(client: httpx.AsyncClient, extra: list[str] = ()) -> Crawl:
    """Fetch every public URL reachable from ``START`` and ``extra``, without signing in."""
    assert "jc_session" not in client.cookies, "the crawl must be anonymous"
    result = Crawl()
    queue = [*START, *extra]
    seen = set(queue)
    while queue:
        path = queue.pop(0)
        response = await client.get(path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        result.statuses[path] = response.status_code
        result.texts[path] = text = _text_of(response)
        if response.headers.get("content-type", "").startswith("text/html"):
            result.html[path] = response.text
        if response.is_redirect:
            links = [response.headers["location"]]
        elif "html" in response.headers.get("content-type", "") or "xml" in response.headers.get("content-type", ""):
            links = LINK.findall(text)
        else:
            links = []
        for link in links:
            target = _same_site(str(client.base_url) + path, link)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
        assert len(seen) < LIMIT, "the crawl found too many URLs: a link loop?"
    return result
