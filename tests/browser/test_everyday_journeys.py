"""Everyday journeys of the signed-in site, at phone and desktop widths, each page scanned with axe
and the console kept clean: a guardian's page, a coordinator's day, a teen's rewards, and every
table keeping its header row on a phone.

Screenshots of each journey's pages are saved under the test's temporary folder and their paths
printed (`pytest -s` shows them), for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jurycourt.demo import DEMO_PASSWORD
from tests import nu_validator
from tests.browser.conftest import BrowserLog
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser

WIDTHS = pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])


#: The HTML of every page a journey looked at, as the server sent it, for the Nu checker at the end.
SEEN: dict[str, str] = {}


def snap(page: Page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")  # noqa: T201 - the issue asks for the paths in the test output
    SEEN[f"{name} ({page.url})"] = page.request.get(page.url).text()


def valid_html() -> None:
    """Every page the journey snapped is valid HTML (htmx's own attributes aside)."""
    pages = dict(SEEN)
    SEEN.clear()
    found = nu_validator.messages(pages)
    assert found == [], nu_validator.describe(found)


def one_site_header(page: Page) -> None:
    expect(page.locator("header.site-header")).to_have_count(1)


@WIDTHS
def test_a_guardian_finds_her_child_by_name_with_what_is_coming_and_whom_to_call(
        new_context: Callable[..., BrowserContext], browser_log: BrowserLog, tmp_path: Path, phone: bool):
    guardian = Journey.open(new_context, phone=phone)
    guardian.sign_in("guardian", DEMO_PASSWORD)
    page = guardian.page
    child = page.locator("#children article.child").first
    expect(child.get_by_role("heading", name="Tanya Reyes")).to_be_visible()
    expect(child.get_by_role("heading", name="What Tanya agreed to do")).to_be_visible()
    expect(child.get_by_role("link", name=re.compile(r"^202-555")).first).to_be_visible()
    expect(page.get_by_text("Respondent", exact=False)).to_have_count(0)
    expect(page.get_by_role("link", name="My time credits and rewards")).to_have_count(0)
    expect(page.locator("#calendar-feed")).to_have_count(0)
    one_site_header(page)
    snap(page, tmp_path, f"guardian-{'phone' if phone else 'desktop'}")
    browser_log.assert_clean()
    valid_html()


@WIDTHS
def test_a_coordinators_day_starts_with_today_then_approvals_cases_and_the_calendar(
        new_context: Callable[..., BrowserContext], browser_log: BrowserLog, tmp_path: Path, phone: bool):
    coordinator = Journey.open(new_context, phone=phone)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    today = page.locator("#today")
    expect(today.get_by_role("heading", name="Today")).to_be_visible()
    expect(today.get_by_text(re.compile(r"\d+ of \d+ seats filled")).first).to_be_visible()
    if phone:  # the header is the brand and one row of links, not four rows
        height = page.locator("header.site-header").bounding_box()["height"]
        assert height < 140, f"the phone header is {height}px tall"
    snap(page, tmp_path, f"coordinator-me-{'phone' if phone else 'desktop'}")

    today.get_by_role("link", name=re.compile("^Publication: ")).first.click()
    coordinator.arrived(re.compile("spring agreements"), re.compile(r"/publications/\d+$"))
    preview = page.locator("#preview")
    expect(preview).to_be_visible()
    expect(preview.locator(".report-body")).not_to_contain_text("##")  # rendered, not raw Markdown

    page.goto("/cases")
    coordinator.arrived("Cases", re.compile(r"/cases$"))
    page.get_by_label("Name or case number").fill("Reyes")
    page.get_by_role("button", name="Show").click()
    result = page.locator("#case-results").get_by_role("link", name=re.compile("Tanya Reyes")).first
    expect(result).to_be_visible()
    result.click()
    coordinator.arrived(re.compile("Tanya Reyes"), re.compile(r"/cases/\d+$"))
    expect(page.locator("ol.stepper li[aria-current=step]")).to_have_count(1)
    snap(page, tmp_path, f"coordinator-case-{'phone' if phone else 'desktop'}")

    page.goto("/calendar?view=week")
    coordinator.arrived("Calendar", re.compile(r"/calendar"))
    views = page.locator(".cal-views li")
    first, second = views.nth(0).bounding_box(), views.nth(1).bounding_box()
    assert first and second and (second["x"] >= first["x"] + first["width"] + 4 or second["y"] > first["y"]), \
        "the calendar's views run together"
    snap(page, tmp_path, f"calendar-week-{'phone' if phone else 'desktop'}")
    browser_log.assert_clean()
    valid_html()


@WIDTHS
def test_a_teen_sees_how_far_each_reward_is_and_why_she_cannot_ask_for_it_yet(
        new_context: Callable[..., BrowserContext], browser_log: BrowserLog, tmp_path: Path, phone: bool):
    teen = Journey.open(new_context, phone=phone)
    teen.sign_in("respondent", DEMO_PASSWORD)
    page = teen.page
    expect(page.get_by_text("Taking part in teen court").first).to_be_visible()
    page.get_by_role("link", name="My time credits and rewards").click()
    teen.arrived("My time credits", re.compile(r"/me/credits"))
    computer = page.locator("li.reward", has_text="Refurbished computer")
    expect(computer.locator("progress")).to_be_visible()
    expect(computer.get_by_text(re.compile(r"to go\.$"))).to_be_visible()
    button = computer.get_by_role("button", name="Ask for this")
    expect(button).to_be_disabled()
    assert "to go" in (button.get_attribute("aria-describedby") and
                       page.locator(f"#{button.get_attribute('aria-describedby')}").inner_text())
    affordable = page.locator("li.reward", has_text="Club dues").get_by_role("button", name="Ask for this")
    expect(affordable).to_be_enabled()
    style = "b => getComputedStyle(b).borderStyle + getComputedStyle(b).color"
    looks = [b.evaluate(style) for b in (button, affordable)]
    assert looks[0] != looks[1], "a button that cannot be used looks like one that can"
    snap(page, tmp_path, f"teen-rewards-{'phone' if phone else 'desktop'}")
    browser_log.assert_clean()
    valid_html()


def test_every_table_keeps_its_header_text_visible_on_a_phone(
        new_context: Callable[..., BrowserContext], browser_log: BrowserLog, tmp_path: Path):
    coordinator = Journey.open(new_context, phone=True)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    checked = 0
    for path in ("/people", "/credits", "/audit", "/publications", "/outbox", "/inquiries", "/rooms",
                 "/calendar?view=month", "/impact"):
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        page.locator("main details").evaluate_all("all => all.forEach(d => { d.open = true; })")  # folded tables
        for table in page.locator("main table").all():
            checked += 1
            headers = table.locator("thead th:not(.hidden-label)")
            if "cal-grid" in (table.get_attribute("class") or ""):
                # the days stack on a phone: every cell names its weekday instead
                for name in table.locator("td .day-name").all()[:7]:
                    expect(name).to_be_visible()
                continue
            for header in headers.all():
                expect(header).to_be_visible()
                assert header.inner_text().strip(), f"an empty column header on {path}"
            box = headers.first.bounding_box()
            assert box and 0 <= box["x"] < 390, f"the first column header on {path} is off screen"
        snap(page, tmp_path, "tables-" + path.strip("/").replace("?", "-").replace("=", "-"))
    assert checked >= 10
    browser_log.assert_clean()
    valid_html()
