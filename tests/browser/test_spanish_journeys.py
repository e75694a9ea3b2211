"""A Spanish-speaking guardian's and a Spanish-speaking juror's journeys on a phone, scanned with axe.

Both have chosen Spanish (the demo's Herrera family): their pages are in Spanish whatever their
phone's browser asks for. The site's frame (menu, footer, switcher) is translated and checked word
by word here; the pages' own text follows as each template is translated (tests/i18n_pending.txt),
and the English words still seen in the main content are printed for the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jurycourt.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.conftest import BrowserLog, Server, serve_demo

pytestmark = pytest.mark.browser

#: Words only English uses: none may appear in the translated frame of a Spanish page.
ENGLISH_ONLY = re.compile(r"\b(the|and|your|you|sign|out|in|findings|impact|my|cases|people|calendar|hours|"
                          r"skip|content|english)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """These journeys count the English words left on Spanish pages, so they read the demo as seeded: what
    other journeys type in English on the shared server (a sanction's detail, a hearing's title) is people's
    own text, which no catalogue translates."""
    yield from serve_demo(tmp_path_factory)


def _fits_a_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling"


def _in_spanish_frame(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es-US")
    for region in ("header.site-header", "footer.site-footer"):
        words = ENGLISH_ONLY.findall(page.locator(region).inner_text())
        if region.startswith("footer"):  # the switcher names English in English, as every switcher does
            words = [w for w in words if w.lower() != "english"]
        assert not words, (region, words)


def _english_seen(page: Page) -> list[str]:
    return sorted({w.lower() for w in ENGLISH_ONLY.findall(page.locator("main").inner_text())})


def _sign_in(page: Page, login: str) -> None:
    page.goto("/login")
    page.locator("#f-login").fill(login)
    page.locator("#f-password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/me$"))


def _journey(new_context: Callable[..., BrowserContext], login: str, browser_log: BrowserLog) -> list[str]:
    # The phone's browser asks for English: her own choice, on her record, wins once she signs in.
    context = new_context(phone=True)
    context.set_extra_http_headers({"Accept-Language": "en-US,en;q=0.9"})
    page = context.new_page()
    page.goto("/findings")
    expect(page.locator("html")).to_have_attribute("lang", "en-US")
    _sign_in(page, login)
    _in_spanish_frame(page)
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    _fits_a_phone(page)
    assert_accessible(page)
    seen = _english_seen(page)
    page.goto("/findings")
    _in_spanish_frame(page)
    assert_accessible(page)
    browser_log.assert_clean()
    return seen


def test_a_spanish_speaking_guardian_sees_her_pages_in_spanish_on_her_phone(new_context, browser_log):
    seen = _journey(new_context, "guardian_es", browser_log)
    # Only the language form's own "English" (a language names itself in its own words).
    assert seen == ["english"], f"English words on her /me: {seen}"


def test_a_spanish_speaking_juror_sees_his_pages_in_spanish_on_his_phone(new_context, browser_log):
    seen = _journey(new_context, "juror_es", browser_log)
    assert seen == ["english"], f"English words on his /me: {seen}"


def test_a_visitor_switches_the_public_site_to_spanish_and_back_without_javascript(new_context):
    page = new_context(phone=True, javascript=False).new_page()
    page.goto("/findings")
    expect(page.locator("html")).to_have_attribute("lang", "en-US")
    page.locator("footer.site-footer").get_by_role("button", name="Español").click()
    expect(page).to_have_url(re.compile(r"/findings$"))
    _in_spanish_frame(page)
    page.goto("/impact")
    _in_spanish_frame(page)
    page.locator("footer.site-footer").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-US")
