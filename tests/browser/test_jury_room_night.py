"""A hearing night in the jury room, in Chromium at phone width: the room stays whole as it moves
(forms that apply appear, those that don't go, typed text stays), the decision reaches every juror
in place, the room then closes with a clear notice, and no error ever nests a page in the room
(an ended session goes to sign in and back, a failing server gets a retry notice)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jurycourt.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.conftest import Server
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
#: What Chromium logs when a request it made is answered with an error status.
FAILED_LOAD = r"Failed to load resource: the server responded with a status of (401|404|410|500)"


def _setup(server: Server, *args: str) -> str:
    env = {**os.environ, "JURYCOURT_ENVIRONMENT": "development",
           "JURYCOURT_DATABASE_URL": f"sqlite://{server.log.parent / 'jurycourt.sqlite3'}",
           "JURYCOURT_SECRET_KEY": "browser-test-secret-" + "x" * 32,
           "JURYCOURT_PSEUDONYM_KEY": "p" * 40, "JURYCOURT_PASSWORD_HASHING": "cheapest"}
    done = subprocess.run([sys.executable, "-m", "tests.browser.room_setup", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _enter(new_context: Callable[..., BrowserContext], login: str, url: str, *, phone: bool = False) -> Journey:
    journey = Journey.open(new_context, phone=phone)
    journey.sign_in(login, DEMO_PASSWORD)
    journey.page.goto(url)
    journey.arrived("Jury room", re.compile(re.escape(url) + "$"))
    journey.page.evaluate("window.stillTheSamePage = true")
    return journey


def lead(page: Page, step: str) -> None:
    """The foreperson takes an irreversible step: the page's dialog says what will change first."""
    dialog = page.get_by_role("dialog")
    for _attempt in range(3):  # a tap that lands while the live poll replaces the room is lost: tap again
        page.get_by_role("button", name=step, exact=True).click()
        try:
            expect(dialog).to_contain_text("This can't be undone.", timeout=5000)
            break
        except AssertionError:
            continue
    expect(dialog).to_contain_text("This can't be undone.")
    dialog.get_by_role("button", name=step, exact=True).click()
    expect(dialog).to_be_hidden()


def _one_page(page: Page) -> None:
    """Never a page inside the page: one site header, one main."""
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("main")).to_have_count(1)


def test_the_room_stays_whole_through_the_night_and_the_decision_reaches_each_juror_in_place(
        new_context: Callable[..., BrowserContext], server: Server, browser_log):
    entry = int(_setup(server).split()[-1])
    url = f"/room/{entry}"
    foreperson = _enter(new_context, "foreperson", url)
    juror = _enter(new_context, "juror", url, phone=True)
    foreperson.page.get_by_role("button", name="Open questioning").click()
    foreperson.page.get_by_role("dialog").get_by_role("button", name="Cancel").click()  # changed their mind
    expect(foreperson.page.get_by_role("heading", name="Now: Preparing questions")).to_be_visible()
    for phase in ("Open questioning", "Open deliberation"):
        lead(foreperson.page, phase)
    expect(juror.page.get_by_role("heading", name="Now: Deliberation")).to_be_visible()
    expect(juror.page.get_by_role("button", name="Propose")).to_be_visible()
    juror.page.get_by_label("Your statement").fill("Not sent yet, still thinking")

    expect(foreperson.page.locator("#f-quantity_1")).to_have_value("7")  # jury duty, from the program's rules
    foreperson.page.locator("#f-kind_2").select_option("community_service")
    foreperson.page.locator("#f-quantity_2").fill("10")
    foreperson.page.get_by_role("button", name="Propose").click()
    support = juror.page.get_by_role("group", name="Support or object to a proposal")
    expect(support).to_be_visible()  # appeared without a reload
    expect(juror.page.locator("#room")).to_contain_text("Community service: 10 hours")
    expect(juror.page.get_by_label("Your statement")).to_have_value("Not sent yet, still thinking")

    # The lead's page has caught up with its own proposal: no swap moves the buttons under the tap.
    expect(foreperson.page.get_by_role("group", name="Support or object to a proposal")).to_be_visible()
    lead(foreperson.page, "Open voting")
    vote = juror.page.get_by_role("group", name="Your vote on the proposal under vote")
    expect(vote).to_be_visible()
    expect(juror.page.get_by_text("Reload the room")).to_have_count(0)
    expect(juror.page.get_by_label("Your statement")).to_have_value("Not sent yet, still thinking")
    juror.page.get_by_label("Your vote").select_option("yes")
    juror.page.locator("#vote-reason").fill("It gives back to the community.")
    juror.page.get_by_role("button", name="Vote", exact=True).click()
    expect(juror.page.locator("#room")).to_contain_text("You voted in favour")
    expect(vote).to_have_count(0)  # voted: the form is gone, no second tap to refuse
    _one_page(juror.page)

    foreperson.page.get_by_label("Your vote").select_option("yes")
    foreperson.page.locator("#vote-reason").fill("Fair.")
    foreperson.page.get_by_role("button", name="Vote", exact=True).click()
    # The quorum is met, but only a coordinator closes the vote early: the foreperson is told so.
    expect(foreperson.page.locator("#vote-may-close")).to_be_visible()
    expect(foreperson.page.get_by_role("button", name="Close the vote")).to_have_count(0)
    coordinator = _enter(new_context, "coordinator", url)
    coordinator.page.get_by_label("Why close the vote before everyone has voted?").fill("Marcus had to leave.")
    lead(coordinator.page, "Close the vote")
    expect(foreperson.page.locator("#vote-result")).to_be_visible()
    lead(foreperson.page, "Record the decision")

    for journey in (juror, foreperson):
        expect(journey.page.get_by_role("heading", name="The jury has decided")).to_be_visible()
        expect(journey.page.locator("#decided")).to_contain_text("Community service: 10 hours")
        expect(journey.page.locator("#decided")).to_contain_text("What happens next")
        _one_page(journey.page)
    assert juror.page.evaluate("window.stillTheSamePage") is True
    expect(juror.page.get_by_role("button", name="Post")).to_have_count(0)
    assert_accessible(juror.page)

    _setup(server, "close", str(entry))  # the decided view's time is over
    with browser_log.tolerating(FAILED_LOAD):
        juror.page.evaluate(f"htmx.ajax('GET', '/room/{entry}/live', {{target: '#room', swap: 'outerMorph'}})")
        expect(juror.page.locator(".room-shut")).to_contain_text("This jury room has closed.")
        _one_page(juror.page)
        juror.page.reload()
        expect(juror.page.locator(".room-shut")).to_contain_text("This jury room has closed.")
    assert_accessible(juror.page)
    browser_log.assert_clean()


def test_an_ended_session_sends_the_juror_to_sign_in_and_back_to_the_room(
        new_context: Callable[..., BrowserContext], server: Server, browser_log):
    url = f"/room/{int(_setup(server).split()[-1])}"
    juror = _enter(new_context, "juror", url, phone=True)
    with browser_log.tolerating(FAILED_LOAD):
        juror.page.context.clear_cookies()  # the session ended (idle, signed out elsewhere)
        expect(juror.page).to_have_url(re.compile(r"/login\?next=" + re.escape(url.replace("/", "%2F")) + "$"))
    _one_page(juror.page)
    juror.page.get_by_label("Login name").fill("juror")
    juror.page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    juror.page.get_by_role("button", name="Sign in").click()
    juror.arrived("Jury room", re.compile(re.escape(url) + "$"))
    _one_page(juror.page)
    browser_log.assert_clean()


WHOLE_PAGE = ('<!doctype html><html><body><header class="site-header">jurycourt</header>'
              "<main><h1>Oops</h1></main></body></html>")


def test_a_failing_server_shows_a_retry_notice_in_the_room_and_never_its_page(
        new_context: Callable[..., BrowserContext], server: Server, browser_log):
    url = f"/room/{int(_setup(server).split()[-1])}"
    juror = _enter(new_context, "juror", url, phone=True)
    live = re.compile(r"/room/\d+/live")
    with browser_log.tolerating(FAILED_LOAD):
        juror.page.route(live, lambda route: route.fulfill(status=500, body=WHOLE_PAGE, content_type="text/html"))
        expect(juror.page.locator("[data-live-notice=retry]")).to_be_visible()
        _one_page(juror.page)
        expect(juror.page.get_by_role("heading", name="Oops")).to_have_count(0)
        juror.page.unroute(live)
        expect(juror.page.locator("[data-live-notice]")).to_have_count(0)  # answered again: the notice goes
    expect(juror.page.get_by_role("button", name="Add the question")).to_be_visible()
    browser_log.assert_clean()


@pytest.mark.parametrize("status", [404, 410])
def test_a_live_region_that_is_gone_becomes_a_short_notice_in_place(
        new_context: Callable[..., BrowserContext], server: Server, browser_log, status: int):
    url = f"/room/{int(_setup(server).split()[-1])}"
    juror = _enter(new_context, "juror", url, phone=True)
    with browser_log.tolerating(FAILED_LOAD):
        juror.page.route(re.compile(r"/room/\d+/live"),
                         lambda route: route.fulfill(status=status, body=WHOLE_PAGE, content_type="text/html"))
        expect(juror.page.locator("[data-live-notice=gone]")).to_contain_text("no longer available")
        _one_page(juror.page)
        expect(juror.page.locator("#room")).to_have_count(0)
    assert juror.page.evaluate("window.stillTheSamePage") is True
    browser_log.assert_clean()


def test_swaps_log_no_style_violations_even_over_elements_given_a_style_by_script(
        new_context: Callable[..., BrowserContext], server: Server, browser_log):
    url = f"/room/{int(_setup(server).split()[-1])}"
    juror = _enter(new_context, "juror", url, phone=True)
    # A style set through the CSSOM is allowed by the CSP, but htmx's settle step would copy it
    # onto the new element as an inline style attribute, which the CSP reports.
    juror.page.evaluate("document.getElementById('live-title').style.outline = '2px solid red'")
    juror.page.evaluate(f"htmx.ajax('GET', '{url}/live', {{target: '#room', swap: 'outerHTML'}})")
    juror.page.get_by_label("A question for the respondent").fill("What would you do differently?")
    juror.page.get_by_role("button", name="Add the question").click()
    expect(juror.page.locator("#room")).to_contain_text("What would you do differently?")
    _one_page(juror.page)
    browser_log.assert_clean()


def test_a_forbidden_answer_to_a_live_region_sends_the_browser_to_sign_in_and_back_without_going_round(
        new_context: Callable[..., BrowserContext], server: Server, browser_log):
    url = f"/room/{int(_setup(server).split()[-1])}"
    juror = _enter(new_context, "juror", url, phone=True)
    visited: list[str] = []
    juror.page.on("request", lambda request: visited.append(request.url))
    with browser_log.tolerating(r"Failed to load resource: the server responded with a status of 403"):
        juror.page.route(re.compile(r"/room/\d+/live"),
                         lambda route: route.fulfill(status=403, body=WHOLE_PAGE, content_type="text/html"))
        # Still signed in, so sign-in sends the browser straight back; refused again, the room
        # says so in place instead of going round in circles.
        expect(juror.page.locator("[data-live-notice=refused]")).to_be_visible()
    assert any(re.search(r"/login\?next=" + re.escape(url.replace("/", "%2F")) + "$", u) for u in visited)
    expect(juror.page).to_have_url(re.compile(re.escape(url) + "$"))
    _one_page(juror.page)
    expect(juror.page.get_by_role("heading", name="Oops")).to_have_count(0)
    browser_log.assert_clean()
