"""A coordinator adds a person and hands them an invitation; the person opens their account.

Every page on the way is scanned with axe-core, and any console error, uncaught exception or
CSP violation fails the journey.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jurycourt import clock
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.web.qr import qr_data_uri
from tests.browser.axe import assert_accessible
from tests.browser.conftest import BrowserLog

pytestmark = pytest.mark.browser

_people = itertools.count(1)


@dataclass(frozen=True)
class Newcomer:
    given: str
    family: str
    login: str
    password: str = "a long walk by the river"

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


def newcomer(tag: str) -> Newcomer:
    """Someone new for each journey, so journeys sharing one server never collide."""
    n = next(_people)
    return Newcomer(given="Imani", family=f"Okonkwo{tag.capitalize()}{n}", login=f"imani.{tag}{n}")


class Journey:
    """One person's pages, each checked with axe on arrival.

    axe needs JavaScript: a journey without it (``javascript=False``) goes unscanned, and its
    pages are the ones the journey with JavaScript scans.
    """

    def __init__(self, context: BrowserContext, *, javascript: bool = True) -> None:
        self.page: Page = context.new_page()
        self.javascript = javascript

    def arrived(self, heading: str | re.Pattern[str], url: str | re.Pattern[str]) -> None:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(self.page).to_have_url(url)
        if self.javascript:
            assert_accessible(self.page)

    @classmethod
    def open(cls, new_context: Callable[..., BrowserContext], *, phone: bool = False,
             javascript: bool = True) -> Journey:
        """A journey in a fresh browser profile: another device, no cookies shared."""
        return cls(new_context(phone=phone, javascript=javascript), javascript=javascript)

    def sign_in(self, login: str, password: str) -> None:
        self.page.goto("/login")
        self.arrived("Sign in", re.compile(r"/login$"))
        self.page.get_by_label("Login name").fill(login)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.arrived(re.compile(r"^Hello, "), re.compile(r"/me$"))


def coordinator_invites(coordinator: Journey, person: Newcomer) -> str:
    """Sign in as the demo coordinator, add ``person`` and create their invitation link."""
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    coordinator.arrived("People", re.compile(r"/people$"))

    page.get_by_role("link", name="Add a person").click()
    coordinator.arrived("Add a person", re.compile(r"/people/new$"))
    page.get_by_label("Given name").fill(person.given)
    page.get_by_label("Family name").fill(person.family)
    page.get_by_label("Date of birth").fill(date(clock.today().year - 15, 3, 14).isoformat())
    page.get_by_label("First role").select_option(label="Peer juror")
    page.get_by_role("button", name="Add person").click()
    coordinator.arrived(person.name, re.compile(r"/people/\d+$"))
    expect(page.get_by_role("cell", name="Peer juror")).to_be_visible()
    person_url = page.url

    page.get_by_role("button", name="Create an invitation link").click()
    coordinator.arrived(f"Invitation for {person.name}", re.compile(r"/people/\d+(/links)?$"))
    link = page.locator("#access-link")
    expect(link).to_be_visible()
    url = link.get_attribute("href") or ""
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/welcome/[\w-]{20,}", url), url
    expect(page.get_by_role("textbox", name="The link")).to_have_value(url)  # a field to select (and a Copy button)
    qr = page.get_by_role("img", name="QR code of the link above")
    expect(qr).to_be_visible()
    # The QR image is the link itself, drawn by the server; it must have loaded under our CSP.
    assert qr.get_attribute("src") == qr_data_uri(url)
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")

    page.goto(person_url)
    coordinator.arrived(person.name, person_url)
    expect(page.get_by_text("none yet")).to_be_visible()
    return url


def person_opens_account(newcomer_journey: Journey, url: str, person: Newcomer,
                         log: BrowserLog) -> None:
    """Open the invitation, first mistyping the password again, then open the account."""
    page = newcomer_journey.page
    page.goto(url)
    newcomer_journey.arrived(f"Welcome, {person.given}", url)
    page.get_by_label("Login name").fill(person.login)
    page.get_by_label("Password", exact=True).fill(person.password)
    page.get_by_label("Password again").fill(person.password + "!")
    # A refused form answers 400 (422 to htmx), which Chromium logs as a failed load.
    with log.tolerating(r"status of (400|422) "):
        page.get_by_role("button", name="Open my account").click()
        summary = page.get_by_role("alert").filter(has_text="Please correct 1 problem")
        expect(summary).to_be_visible()
    expect(page).to_have_url(url)
    if newcomer_journey.javascript:  # site.js moves focus to the summary
        expect(summary).to_be_focused()
        assert_accessible(page)
    expect(page.get_by_label("Login name")).to_have_value(person.login)
    page.get_by_label("Password", exact=True).fill(person.password)
    page.get_by_label("Password again").fill(person.password)
    page.get_by_role("button", name="Open my account").click()
    newcomer_journey.arrived(f"Hello, {person.given}", re.compile(r"/me$"))
    expect(page.get_by_text(re.compile(r"Peer juror — "))).to_be_visible()


def coordinator_sees_account(coordinator: Journey, person: Newcomer) -> None:
    coordinator.page.reload()
    coordinator.arrived(person.name, re.compile(r"/people/\d+$"))
    expect(coordinator.page.get_by_text(f"login {person.login}")).to_be_visible()
    expect(coordinator.page.get_by_role("button", name="Create a password reset link")).to_be_visible()


def test_coordinator_invites_a_new_person_who_opens_their_account_on_a_phone(
    new_context: Callable[..., BrowserContext], browser_log: BrowserLog,
) -> None:
    person = newcomer("js")
    coordinator = Journey.open(new_context)
    url = coordinator_invites(coordinator, person)

    invited = Journey.open(new_context, phone=True)
    person_opens_account(invited, url, person, browser_log)
    coordinator_sees_account(coordinator, person)

    # The link worked once; the next person to try it is told so, on an accessible page.
    again = Journey.open(new_context, phone=True)
    with browser_log.tolerating(r"status of 410 \(Gone\)"):
        again.page.goto(url)
        expect(again.page.get_by_role("heading", level=1)).to_be_visible()
        expect(again.page.get_by_label("Login name")).to_have_count(0)
    assert_accessible(again.page)

    browser_log.assert_clean()


def test_the_whole_invitation_journey_works_without_javascript(
    new_context: Callable[..., BrowserContext], browser_log: BrowserLog,
) -> None:
    person = newcomer("nojs")
    coordinator = Journey.open(new_context, phone=True, javascript=False)
    url = coordinator_invites(coordinator, person)

    invited = Journey.open(new_context, phone=True, javascript=False)
    person_opens_account(invited, url, person, browser_log)
    coordinator_sees_account(coordinator, person)

    browser_log.assert_clean()


def test_people_search_filters_as_you_type_without_reloading_the_page(
    new_context: Callable[..., BrowserContext], browser_log: BrowserLog,
) -> None:
    coordinator = Journey.open(new_context, phone=True)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.goto("/people")
    coordinator.arrived("People", re.compile(r"/people$"))
    results = page.locator("#people-results")
    everyone = results.get_by_role("status").inner_text()
    assert re.match(r"^\d+ people$", everyone), everyone
    assert results.locator("tbody tr").count() > 1
    page.evaluate("() => { window.stillTheSamePage = true; }")

    search = page.get_by_role("searchbox", name="Search by name, email or phone")
    with page.expect_request(lambda r: "/people?" in r.url and "q=Brooks" in r.url) as asked:
        search.fill("Brooks")
    assert asked.value.headers.get("hx-request-type") == "partial"

    expect(results.get_by_role("status")).to_have_text("1 person matching “Brooks”")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results.get_by_role("link", name="Brooks, Aaliyah")).to_be_visible()
    assert page.evaluate("() => window.stillTheSamePage === true"), "the search reloaded the page"
    expect(search).to_be_focused()
    expect(search).to_have_value("Brooks")
    assert_accessible(page)

    browser_log.assert_clean()


def test_boosted_navigation_keeps_the_address_bar_and_the_back_button_working(
    new_context: Callable[..., BrowserContext], browser_log: BrowserLog,
) -> None:
    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    coordinator.arrived("People", re.compile(r"/people$"))
    page.get_by_role("searchbox", name="Search by name, email or phone").fill("Brooks")
    results = page.locator("#people-results")
    expect(results.get_by_role("status")).to_have_text("1 person matching “Brooks”")
    results.get_by_role("link", name="Brooks, Aaliyah").click()
    coordinator.arrived("Ali Brooks", re.compile(r"/people/\d+$"))
    assert page.evaluate("() => window.stillTheSamePage === true"), "links are not boosted"

    page.go_back()
    coordinator.arrived("People", re.compile(r"/people$"))
    page.reload()  # what the address bar says is where a reload (or a bookmark) leads
    coordinator.arrived("People", re.compile(r"/people$"))

    browser_log.assert_clean()
