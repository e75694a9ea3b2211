"""A coordinator proposes and confirms a jury; a juror accepts the invitation on a phone.

Pages are scanned with axe-core; any console error or CSP violation fails the journey.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt import clock
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.demo.hearings import hearing_days
from jurycourt.i18n import use_language
from jurycourt.i18n.formatting import local_date
from tests.browser.axe import assert_accessible
from tests.browser.test_onboarding import Journey


def shown(day: date) -> str:
    """A day as the juror's English page writes it on an invitation ("Sat, Dec 12, 2026")."""
    with use_language("en-US"):
        return local_date(day, "weekday")


pytestmark = pytest.mark.browser

JUROR_NAME = "Ali Brooks"  # the demo login `juror` (preferred name Ali)
TITLE = "Saturday docket, Courtroom 1"


def test_coordinator_seats_a_jury_and_a_juror_accepts_on_a_phone(new_context: Callable[..., BrowserContext]):
    later = hearing_days(clock.today())["later"]  # a demo jury hearing nobody is seated at yet

    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.goto(f"/calendar?view=list&date={later.isoformat()}")
    coordinator.arrived("Calendar", re.compile(r"/calendar\?"))
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    coordinator.arrived(re.compile(TITLE), re.compile(r"/hearings/\d+$"))
    hearing_url = page.url
    expect(page.get_by_text("No one is seated yet.")).to_be_visible()

    page.get_by_role("button", name="Propose seats").click()
    coordinator.arrived(re.compile(TITLE), hearing_url)
    seats = page.locator("#seats table tbody tr")
    expect(seats).to_have_count(10)  # foreperson, 7 jurors, bailiff, clerk
    expect(page.get_by_role("link", name="who was excluded and why")).to_be_visible()

    if not seats.filter(has_text=JUROR_NAME).count():
        page.get_by_label("Put in").select_option(label=JUROR_NAME)
        page.get_by_role("button", name="Swap").click()
        coordinator.arrived(re.compile(TITLE), hearing_url)
    expect(seats.filter(has_text=JUROR_NAME)).to_have_count(1)

    page.get_by_role("button", name=re.compile(r"Confirm and invite 10")).click()
    coordinator.arrived(re.compile(TITLE), hearing_url)
    expect(seats.filter(has_text="invited")).to_have_count(10)

    juror = Journey.open(new_context, phone=True)
    juror.sign_in("juror", DEMO_PASSWORD)
    card = juror.page.locator("li.invitation").filter(has_text=shown(later))
    expect(card).to_have_count(1)
    juror.page.evaluate("window.stillTheSamePage = true")
    card.get_by_role("button", name="Accept").click()
    # htmx swaps the card in place: the page is not reloaded and the answer is shown.
    expect(card.get_by_role("status")).to_contain_text("see you there")
    expect(juror.page).to_have_url(re.compile(r"/me$"))
    assert juror.page.evaluate("window.stillTheSamePage === true")
    assert_accessible(juror.page)

    page.reload()
    expect(seats.filter(has_text=JUROR_NAME).filter(has_text="accepted")).to_have_count(1)
