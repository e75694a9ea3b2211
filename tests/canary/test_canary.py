"""The canary test: people's details never reach anything an anonymous visitor can fetch.

People with unique made-up names and contact details (the canaries) go through every
proceeding the program has (tests/canary/proceedings.py, ``RUNNERS``), everything publishable
is published, and then the whole public site is crawled without an account
(tests/canary/crawler.py): pages, search results for each canary word, feeds, downloads and
error pages. No canary may appear anywhere, case-folded and URL-decoded. The companion test
plants one in a published page, past the redaction guard, and checks that the crawl finds it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from jurycourt.domain.panels import PanelKind
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.models import CitizensPanel, Panel, Person, Program, Publication
from tests.canary import citizens_runner
from tests.canary.crawler import crawl
from tests.canary.proceedings import RUNNERS, CanaryContext
from tests.web.helpers import Page


async def _run_everything(client, demo) -> CanaryContext:
    ctx = CanaryContext(program=await Program.get(id=demo.id), client=client)
    for runner in RUNNERS:
        await runner(ctx)
    client.cookies.clear()
    return ctx


def _words(canaries: list[str]) -> list[str]:
    """Each canary's words long enough to search for, once each (not the ordinary ones, which a
    publication may well contain: month names, "Lane", the email domain)."""
    ordinary = {"canary", "example", "lane", "cut", "july", "february", "november", "officer"}
    return sorted({w.casefold() for c in canaries for w in re.findall(r"[^\W\d_]{4,}", c)} - ordinary)


async def test_no_canary_reaches_any_public_url(client, demo):
    ctx = await _run_everything(client, demo)
    assert await Person.filter(given_name="Zephyrine").exists()  # unsealed: its details are still stored
    searches = [f"/findings?q={w}" for w in _words(ctx.canaries)]
    result = await crawl(client, extra=[*searches, *ctx.public_urls])
    for url in searches:
        page = Page(result.texts[url].split("\n\n", 1)[-1])
        assert "search-results" in page.ids, url
        assert " 0 results for " in f" {page.text} ", url  # a canary matches nothing published
    assert "/findings/outcomes-this-season" in result.texts  # the proceedings' publication was crawled
    report = result.texts["/findings/safe-parks-after-dark"]  # the inquiry's report, with its follow-up
    assert "The department will repair every lamp before spring." in report and "In progress" in report
    assert "/findings/safe-parks-after-dark.pdf" in result.texts
    assert sum("/findings/community-justice-panel-matter-resolved" in url for url in result.texts) >= 2  # + demo's
    assert any(url.endswith(".atom") and "/topics/" in url for url in result.texts), "no per-topic feed crawled"
    _the_citizens_panel_was_crawled(result, ctx)
    assert result.statuses["/no-such-page"] == 404
    assert len(result.texts) > 20
    assert result.leaks(ctx.canaries) == []
    _every_page_is_valid_html(result)


def _every_page_is_valid_html(result) -> None:
    """The W3C Nu checker finds nothing on any HTML page of the crawl, htmx's own ``hx-*``
    attributes aside (checked here, on the same crawl, to run the proceedings once)."""
    from tests import nu_validator

    found = nu_validator.messages(result.html)
    print(f"Nu HTML checker: {len(found)} messages over {len(result.html)} public pages")
    assert len(result.html) > 20 and found == [], nu_validator.describe(found)


def _the_citizens_panel_was_crawled(result, ctx: CanaryContext) -> None:
    """Its public pages, its publication with the PDF and feeds, the open data; its private pages turned away."""
    panel_url = next(u for u in ctx.public_urls if re.fullmatch(r"/panels/citizens/\d+", u))
    assert result.statuses[panel_url] == 200 and 'id="commitment"' in result.texts[panel_url]
    assert panel_url in Page(result.texts["/panels/citizens"].split("\n\n", 1)[-1]).links
    assert result.statuses[panel_url + "/volunteer"] == 200
    for url in ctx.public_urls:
        if "/draws/" in url or "/sessions/" in url or url.endswith("/deliberation"):
            assert result.statuses[url] == 303, url  # to the sign-in page
    report = result.texts[f"/findings/{citizens_runner.SLUG}"]
    assert "Run the evening buses until midnight on weekdays." in report and "83% support" in report
    assert f"/findings/{citizens_runner.SLUG}.pdf" in result.texts
    assert any("citizens-panel" in url and url.endswith(".atom") for url in result.texts)
    assert {"/open-data/impact.csv", "/open-data/impact.json", "/open-data/findings.json"} <= set(result.texts)


async def test_the_crawl_finds_a_canary_planted_past_the_guard(client, demo):
    planted = "Zephyrine Quillfeather-Oduya"
    await Publication.create(
        program_id=demo.id, kind=PublicationKind.JUSTICE_SUMMARY, slug="planted", title="A planted summary",
        body_markdown="x", body_html=f"<p>Heard: {planted.upper()}.</p>", state=PublicationState.PUBLISHED,
        published_at=datetime.now(UTC))
    panel = await Panel.filter(kind=PanelKind.CITIZENS).order_by("id").first()  # its public page, from the list
    await CitizensPanel.filter(panel_id=panel.id).update(question="What did Quorimond Marrowquill see?")
    result = await crawl(client)
    leaks = result.leaks([planted, "zephyrine", "Not-A-Canary-Anywhere", "quorimond marrowquill"])
    assert ("/findings/planted", planted) in leaks
    assert (f"/panels/citizens/{panel.id}", "quorimond marrowquill") in leaks
    assert ("/findings/feed.atom", "zephyrine") in leaks  # the feed carries the body too
    assert all(canary != "Not-A-Canary-Anywhere" for _, canary in leaks)


async def test_url_encoded_and_escaped_canaries_are_found(client, demo):
    from tests.canary.crawler import Crawl

    crawl_result = Crawl(texts={"/a": "<a href='/x?name=Zeph%79rine%20Q'>", "/b": "Zeph&#121;rine", "/c": "zephyr"})
    assert [url for url, _ in crawl_result.leaks(["Zephyrine"])] == ["/a", "/b"]

