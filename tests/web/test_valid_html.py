"""Signed-in pages are valid HTML too: the W3C Nu checker over a crawl of each demo person's pages.

The public site is checked page by page by the canary crawl (tests/canary/test_canary.py); here each
demo person follows the links of their own pages, one page per kind of address (ids made ``N``), and
the checker reads them all in one run. htmx's own ``hx-*`` attributes are the only messages let through.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urldefrag, urljoin, urlsplit

from jurycourt.demo import DEMO_ACCOUNTS
from jurycourt.domain.cases import CaseState
from jurycourt.models import DocketEntry
from tests import nu_validator
from tests.web.helpers import sign_in

LINK = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
#: Not pages, or a GET that ends the session: never fetched.
SKIP = re.compile(r"^/(logout|static/|healthz|metrics)|\.(ics|pdf|csv|json|atom|svg|png)(\?|$)")
PER_PERSON = 150  # pages; a bound, above what any demo person reaches


def shape(path: str) -> str:
    """One address per kind of page: numbers and long tokens made ``N``, query values dropped."""
    parts = urlsplit(path)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"/(\d+|[A-Za-z0-9_-]{20,})(?=/|$)", "/N", parts.path) + "?" + "&".join(keys)


async def _pages_of(client, login: str, start: list[str]) -> dict[str, str]:
    client.cookies.clear()
    await sign_in(client, login)
    pages: dict[str, str] = {}
    queue, seen = ["/me", *start], {shape("/me")}
    while queue and len(pages) < PER_PERSON:
        path = queue.pop(0)
        response = await client.get(path)
        assert response.status_code < 500, f"{login}: {path} answered {response.status_code}"
        if not response.headers.get("content-type", "").startswith("text/html") or response.status_code != 200:
            continue
        pages[f"{login} {path}"] = response.text
        for link in LINK.findall(response.text):
            url = urldefrag(urljoin("http://testserver.local" + path, link.replace("&amp;", "&"))).url
            parts = urlsplit(url)
            if parts.netloc != "testserver.local":
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if not SKIP.search(target) and shape(target) not in seen:
                seen.add(shape(target))
                queue.append(target)
    return pages


async def test_every_demo_persons_pages_are_valid_html(client, demo):
    docketed = await DocketEntry.filter(case__state=CaseState.SCHEDULED).first()
    assert docketed is not None, "the demo has a case on a docket (its page has two forms)"
    pages: dict[str, str] = {}
    for login in [*(name for name in DEMO_ACCOUNTS if name != "coordinator2"), "guardian_es", "juror_es"]:
        start = [f"/cases/{docketed.case_id}", "/get-involved"] if login == "coordinator" else []
        pages |= await _pages_of(client, login, start)
    found = nu_validator.messages(pages)
    by_person = Counter(name.split()[0] for name in pages)
    print(f"Nu HTML checker: {len(found)} messages over {len(pages)} signed-in pages: {dict(by_person)}")
    assert len(pages) > 100 and found == [], nu_validator.describe(found)


def test_the_checker_reports_invalid_html_but_not_htmx_attributes():
    page = """<!doctype html><html lang="en"><head><title>t</title></head><body hx-boost:inherited="true">
    <a href="/x" hx-get="/x" hx-target="this">x</a> <time datetime="2026-01-01T10:00:00.123456+00:00">then</time>
    <input type="number" size="4" aria-label="n"></body></html>"""
    found = nu_validator.messages({"sample": page})
    assert [m["url"] for m in found] == ["sample", "sample"]
    assert "datetime" in found[0]["message"] and "size" in found[1]["message"]
