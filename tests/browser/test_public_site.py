"""A community member with no account reads the public site: findings, filters, search, a
report and its contents, the Atom feed and the print view; then the same with JavaScript off,
and on a phone. Every public page visited with JavaScript is scanned with axe-core; any console
error or CSP violation fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser

INDEX = "Findings and reports"
REPORT = "Speaking truth to power"  # the demo's inquiry report, with a table of contents


def browse_the_findings(visitor: Journey) -> None:
    """Home → findings → a kind filter, a topic filter → a search → a report and its contents."""
    page = visitor.page
    page.goto("/")
    visitor.arrived(re.compile("Justice that young people"), re.compile(r"/$"))
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Findings").click()
    visitor.arrived(INDEX, re.compile(r"/findings$"))
    expect(page.locator("#findings-list > li")).to_have_count(3)

    page.get_by_role("navigation", name="Filter by kind").get_by_role("link", name="Panel recommendations").click()
    visitor.arrived(INDEX, re.compile(r"/findings\?kind=panel_recommendations$"))
    expect(page.locator("#findings-list > li")).to_have_count(1)
    expect(page.get_by_role("link", name="Responding to minor disorder")).to_be_visible()
    page.get_by_role("link", name="All kinds").click()
    page.locator("#findings-list").get_by_role("link", name="substance-use").click()
    visitor.arrived(INDEX, re.compile(r"/findings\?topic=substance-use$"))
    expect(page.locator("#findings-list > li")).to_have_count(1)
    expect(page.get_by_role("link", name="Follow “substance-use”")).to_be_visible()

    page.get_by_label("Search the findings").fill("counsellors")
    page.get_by_role("button", name="Search").click()
    visitor.arrived(INDEX, re.compile(r"/findings\?q=counsellors$"))
    expect(page.get_by_role("heading", name="1 result for “counsellors”")).to_be_visible()
    expect(page.locator("#search-results mark").first).to_be_visible()
    expect(page.locator("#search-results mark").first).to_have_text(re.compile("counsellors", re.I))

    page.locator("#search-results").get_by_role("link", name=REPORT).click()
    visitor.arrived(REPORT, re.compile(r"/findings/speaking-truth-to-power$"))
    contents = page.get_by_role("navigation", name="Contents")
    link = contents.get_by_role("link").nth(1)
    target = (link.get_attribute("href") or "").lstrip("#")
    link.click()
    expect(page).to_have_url(re.compile(rf"/findings/speaking-truth-to-power#{re.escape(target)}$"))
    expect(page.locator(f"[id='{target}']")).to_be_in_viewport()


def follow_the_feed(visitor: Journey) -> None:
    """The index's "Follow" link explains how, with the feed's address, which answers Atom with its
    content type and lists the report."""
    page = visitor.page
    page.goto("/findings")
    page.get_by_role("link", name="Follow new findings").click()
    visitor.arrived("Follow new findings", re.compile(r"/findings/follow$"))
    href = page.get_by_label("Feed address").input_value()
    assert href.endswith("/findings/feed.atom")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.body())  # noqa: S314 - our own feed, in a test
    titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert REPORT in titles


def print_the_report(visitor: Journey) -> None:
    """The print stylesheet drops the site's navigation, search and footer, keeping the report."""
    page = visitor.page
    page.goto("/findings/speaking-truth-to-power")
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav).to_be_visible()
    page.emulate_media(media="print")
    expect(main_nav).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(REPORT)
    expect(page.locator("#report-body")).to_be_visible()
    page.goto("/findings")
    expect(page.locator(".findings-search")).to_be_hidden()
    expect(page.locator("#findings-list")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".findings-search")).to_be_visible()


def error_and_sign_in_pages(visitor: Journey, browser_log) -> None:
    page = visitor.page
    with browser_log.tolerating(r"status of 404"):  # the browser logs the 404 we asked for
        response = page.goto("/findings/no-such-report")
    assert response is not None and response.status == 404
    visitor.arrived(re.compile("not found", re.I), re.compile(r"/findings/no-such-report$"))
    page.goto("/login")
    visitor.arrived("Sign in", re.compile(r"/login$"))


@pytest.mark.parametrize(("phone", "javascript"), [(False, True), (True, True), (False, False)],
                         ids=["desktop", "phone", "no-javascript"])
def test_a_community_member_reads_the_findings(new_context: Callable[..., BrowserContext], browser_log,
                                               phone: bool, javascript: bool):
    visitor = Journey.open(new_context, phone=phone, javascript=javascript)
    browse_the_findings(visitor)
    follow_the_feed(visitor)
    print_the_report(visitor)
    error_and_sign_in_pages(visitor, browser_log)
    if phone:  # nothing wider than the screen: the page does not scroll sideways
        for path in ("/findings", "/findings/speaking-truth-to-power"):
            visitor.page.goto(path)
            width = visitor.page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width}px wide on a 390px phone"
    browser_log.assert_clean()
