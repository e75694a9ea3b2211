"""A whole hearing night in Chromium, every juror on a phone: the coordinator goes from the calendar
to the hearing, makes the display link for the courtroom's screen and enters a room; the foreperson
and two jurors come in from their page's Tonight card, a third juror without JavaScript; the screen
follows the foreperson through the questions; the sentence is proposed, supported, voted on (the
vote closed early by the coordinator with a reason) and recorded, and every juror keeps the decided view. At every
step: one site header, no console error (the harness fails on any), axe clean."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jurycourt.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.conftest import Server
from tests.browser.test_jury_room_night import _one_page, _setup, lead
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser


def _arrive_from_tonight(new_context: Callable[..., BrowserContext], login: str, entry: int, *,
                         javascript: bool = True) -> Journey:
    """Sign in on a phone and open the room from the Tonight card on one's page."""
    journey = Journey.open(new_context, phone=True, javascript=javascript)
    journey.sign_in(login, DEMO_PASSWORD)
    card = journey.page.locator(f"#my-room-{entry}")
    expect(journey.page.get_by_role("heading", name="Tonight")).to_be_visible()
    card.get_by_role("link", name="Open the jury room").click()
    journey.arrived("Jury room", re.compile(rf"/room/{entry}$"))
    _one_page(journey.page)
    return journey


def _step(page: Page) -> None:
    """What holds after every step: never a page in the page, and axe clean."""
    _one_page(page)
    assert_accessible(page)


def test_a_whole_hearing_night_from_the_tonight_card_to_the_decided_view(
        new_context: Callable[..., BrowserContext], server: Server, browser_log):
    entry = int(_setup(server).split()[-1])

    # The coordinator: calendar → the hearing → the display link, then into the room.
    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    coordinator.page.goto("/calendar")
    coordinator.page.get_by_role("link", name=re.compile("Jury room journey")).first.click()
    coordinator.arrived(re.compile("Jury room journey"), re.compile(r"/hearings/\d+$"))
    coordinator.page.get_by_role("button", name="Make a display link").click()
    display = coordinator.page.locator("#display-url").get_attribute("href")
    assert display and "/screen/" in display
    coordinator.page.locator(f"#docket-{entry}").get_by_role("link", name=re.compile("Open the jury room")).click()
    coordinator.arrived("Jury room", re.compile(rf"/room/{entry}$"))

    # The courtroom's screen: no session, no names, large type.
    screen = new_context().new_page()
    screen.goto(display)
    expect(screen.locator("#screen-phase")).to_have_text("Preparing questions")
    assert_accessible(screen)

    foreperson = _arrive_from_tonight(new_context, "foreperson", entry)
    juror = _arrive_from_tonight(new_context, "juror", entry)
    plain = _arrive_from_tonight(new_context, "roomjuror", entry, javascript=False)

    juror.page.get_by_label("A question for the respondent").fill("Devon, what would you do differently?")
    juror.page.get_by_role("button", name="Add the question").click()
    expect(juror.page.locator("#room")).to_contain_text("what would you do differently?")
    _step(juror.page)

    lead(foreperson.page, "Open questioning")
    expect(screen.locator("#screen-phase")).to_have_text("Questioning")
    foreperson.page.get_by_role("button", name=re.compile("^Ask now")).click()
    expect(screen.locator("#screen-question")).to_have_text("…, what would you do differently?")
    expect(screen.locator("body")).not_to_contain_text("Devon")
    expect(screen.locator("#screen-timer")).to_have_text(re.compile(r"^\d+:\d\d$"))
    _step(foreperson.page)

    lead(foreperson.page, "Open deliberation")
    expect(screen.locator("#screen-phase")).to_have_text("Deliberation")
    # Without JavaScript: the page shows the room as it is when loaded; each form posts and comes back.
    plain.page.reload()
    expect(plain.page.get_by_role("heading", name="Now: Deliberation")).to_be_visible()
    expect(plain.page.get_by_label("Jury duty: number of sessions")).to_have_value("7")
    plain.page.locator("#f-kind_2").select_option("community_service")
    plain.page.locator("#f-quantity_2").fill("10")
    plain.page.get_by_role("button", name="Propose").click()
    expect(plain.page.locator("#room")).to_contain_text("Jury duty: 7 sessions; Community service: 10 hours")
    _one_page(plain.page)

    support = juror.page.get_by_role("group", name="Support or object to a proposal")
    expect(support).to_contain_text("Proposal 1: Jury duty: 7 sessions; Community service: 10 hours")
    expect(support.get_by_role("combobox", name="Proposal")).to_have_count(0)  # one proposal: nothing to choose
    support.get_by_label("Your view").select_option("support")
    support.get_by_label("Why").fill("It gives something back.")
    juror.page.get_by_role("button", name="Give my view").click()
    expect(juror.page.locator("#room")).to_contain_text("1 support, 0 object")
    _step(juror.page)

    expect(foreperson.page.locator("#room")).to_contain_text("1 support, 0 object")  # caught up: nothing moves
    lead(foreperson.page, "Open voting")
    expect(foreperson.page.get_by_role("heading", name="Now: Voting")).to_be_visible()
    plain.page.reload()
    plain.page.get_by_label("Your vote").select_option("yes")
    plain.page.locator("#vote-reason").fill("Fair.")
    plain.page.get_by_role("button", name="Vote", exact=True).click()
    expect(plain.page.locator("#room")).to_contain_text("You voted in favour.")
    juror.page.get_by_label("Your vote").select_option("yes")
    juror.page.locator("#vote-reason").fill("Fair to everyone.")
    juror.page.get_by_role("button", name="Vote", exact=True).click()
    expect(juror.page.locator("#room")).to_contain_text("You voted in favour.")
    _step(juror.page)

    # 2 of 3 voted: the quorum to close early, with a reason kept.
    expect(foreperson.page.locator("#vote-count")).to_contain_text("2 of 3 jurors have voted.")
    expect(foreperson.page.get_by_role("button", name="Record the decision")).to_have_count(0)
    # Only a coordinator closes the vote early (the foreperson is told so), with the reason kept.
    expect(foreperson.page.locator("#vote-may-close")).to_be_visible()
    expect(coordinator.page.locator("#vote-count")).to_contain_text("2 of 3 jurors have voted.")
    coordinator.page.get_by_label("Why close the vote before everyone has voted?").fill("Our foreperson abstains.")
    lead(coordinator.page, "Close the vote")
    _step(coordinator.page)
    expect(foreperson.page.locator("#vote-closed-reason")).to_contain_text("Our foreperson abstains.")
    lead(foreperson.page, "Record the decision")
    expect(foreperson.page.locator("#decided")).to_be_visible()

    plain.page.reload()
    for journey in (foreperson, juror, plain):
        decided = journey.page.locator("#decided")
        expect(decided).to_contain_text("Jury duty: 7 sessions")
        expect(decided).to_contain_text("Community service: 10 hours")
        expect(decided).to_contain_text("What happens next")
        _one_page(journey.page)
    assert_accessible(juror.page)
    coordinator.page.reload()
    expect(coordinator.page.get_by_role("link", name=re.compile("Decision letter"))).to_be_visible()
    _step(coordinator.page)
    expect(screen.locator("#screen-phase")).to_have_text("Decided")
    expect(screen.locator("body")).not_to_contain_text("Devon")
    assert_accessible(screen)
    browser_log.assert_clean()
