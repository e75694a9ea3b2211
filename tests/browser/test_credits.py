"""A former respondent's time credits on a phone: her balance grows once a hearing she served at
is marked held, and she spends it on a reward a coordinator approves.

The hearing is the demo's last Saturday docket in Courtroom 1: she sat on its jury, and its
attendance sheet has her check-in and check-out, but the coordinator has not marked it held
yet (so the hours are real minutes served, not a check-in and check-out a second apart).
Every page is scanned with axe-core on arrival.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jurycourt import clock
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.demo.hearings import AWAITING_HELD, hearing_days
from tests.browser.axe import assert_accessible
from tests.browser.conftest import BrowserLog
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser

RESPONDENT = "Tanya Reyes"  # the demo login `respondent`
REWARD = "Club dues, one month"  # 2 hours: within her means


def balance_minutes(page: Page) -> int:
    """The balance shown on a statement, back in minutes ("5 h 15 min", "3 h", "−1 h")."""
    text = page.locator("#balance").inner_text()
    found = re.fullmatch(r"(−?)(\d+) h(?: (\d+) min)?", text.strip())
    assert found, f"unexpected balance {text!r}"
    minutes = int(found[2]) * 60 + int(found[3] or 0)
    return -minutes if found[1] else minutes


def open_my_credits(journey: Journey) -> int:
    journey.page.get_by_role("link", name=re.compile("time credits", re.I)).first.click()
    journey.arrived("My time credits", re.compile(r"/me/credits"))
    return balance_minutes(journey.page)


def test_a_former_respondent_sees_her_balance_grow_and_spends_it_on_an_approved_reward(
        new_context: Callable[..., BrowserContext], browser_log: BrowserLog):
    day_key, room = AWAITING_HELD
    day = hearing_days(clock.today())[day_key]
    title = f"Saturday docket, {room}"

    respondent = Journey.open(new_context, phone=True)
    respondent.sign_in("respondent", DEMO_PASSWORD)
    before = open_my_credits(respondent)

    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.goto(f"/calendar?view=list&date={day.isoformat()}")
    coordinator.arrived("Calendar", re.compile(r"/calendar\?"))
    page.get_by_role("link", name=re.compile(title)).first.click()
    coordinator.arrived(re.compile(title), re.compile(r"/hearings/\d+$"))
    hearing_url = page.url

    page.goto(hearing_url + "/attendance")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    her_row = page.locator("form.attendance-row").filter(has_text=RESPONDENT)
    expect(her_row).to_have_count(1)
    expect(her_row).to_contain_text("to credit")
    credited = her_row.locator(".credit").inner_text()
    hours = re.match(r"(\d+) h(?: (\d+) min)? to credit$", credited.strip())
    assert hours, credited
    served = int(hours[1]) * 60 + int(hours[2] or 0)
    assert served >= 120, "she sat through a three-hour docket"

    page.goto(hearing_url)
    coordinator.arrived(re.compile(title), hearing_url)
    page.get_by_role("button", name="Mark held").click()
    coordinator.arrived(re.compile(title), hearing_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("held")

    respondent.page.reload()
    respondent.arrived("My time credits", re.compile(r"/me/credits"))
    assert balance_minutes(respondent.page) == before + served
    statement = respondent.page.locator("#statement")
    expect(statement.get_by_role("row").filter(has_text=title).first).to_be_visible()

    rewards = respondent.page.get_by_role("region", name="Rewards")
    rewards.get_by_role("listitem").filter(has_text=REWARD).get_by_role("button", name="Ask for this").click()
    respondent.arrived("My time credits", re.compile(r"done=requested"))
    expect(respondent.page.get_by_role("status")).to_contain_text("with a coordinator")
    asked = respondent.page.locator("#reward-requests li").filter(has_text=REWARD)
    pending_before = asked.filter(has_text="pending").count()
    assert pending_before >= 1

    page.goto("/credits")
    coordinator.arrived(re.compile("credits", re.I), re.compile(r"/credits"))
    waiting = page.locator("tr[id^=requests-]").filter(has_text=RESPONDENT).filter(has_text=REWARD)
    expect(waiting).to_have_count(pending_before)
    # Her statement as the coordinator sees it, with the forms to reverse and adjust.
    waiting.first.get_by_role("link", name=RESPONDENT).click()
    coordinator.arrived(f"Time credits: {RESPONDENT}", re.compile(r"/people/\d+/credits"))
    expect(page.locator("#balance")).to_have_text(respondent.page.locator("#balance").inner_text())
    expect(page.get_by_role("button", name="Post the adjustment")).to_be_visible()
    page.goto("/credits")
    waiting.last.get_by_role("button", name="Approve").click()
    coordinator.arrived(re.compile("credits", re.I), re.compile(r"/credits"))
    expect(page.locator("tr[id^=requests-]").filter(has_text=RESPONDENT).filter(
        has_text=REWARD)).to_have_count(pending_before - 1)

    respondent.page.goto("/me/credits")
    respondent.arrived("My time credits", re.compile(r"/me/credits"))
    assert balance_minutes(respondent.page) == before + served - 120
    expect(asked.filter(has_text="approved")).to_have_count(1)
    browser_log.assert_clean()
