"""A former respondent watches her jury duty and her time credits move after a session she sat
through: the coordinator checks her out on the attendance sheet and marks the hearing held, her
obligation's progress bar moves one session on and her balance grows by the hours served; then
she spends credit on a reward a coordinator approves.

The hearing is one of its own (``tests.browser.duty_setup``): it began three hours ago and she was
checked in as it began. Every page is scanned with axe-core on arrival.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jurycourt.demo import DEMO_PASSWORD
from jurycourt.settings import ROOT
from tests.browser.conftest import BrowserLog, Server
from tests.browser.duty_setup import TITLE
from tests.browser.test_credits import RESPONDENT, balance_minutes, open_my_credits
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser

REWARD = "Club dues, one month"  # 2 hours
PRICE = 120


def _hearing(server: Server) -> int:
    env = {**os.environ, "JURYCOURT_ENVIRONMENT": "development",
           "JURYCOURT_DATABASE_URL": f"sqlite://{server.log.parent / 'jurycourt.sqlite3'}",
           "JURYCOURT_SECRET_KEY": "browser-test-secret-" + "x" * 32,
           "JURYCOURT_PSEUDONYM_KEY": "p" * 40, "JURYCOURT_PASSWORD_HASHING": "cheapest"}
    done = subprocess.run([sys.executable, "-m", "tests.browser.duty_setup"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def duty(page: Page) -> tuple[int, int]:
    """(sessions served, sessions owed) from the jury-duty progress bar on her page."""
    bar = page.locator("#my-cases progress[aria-label=\"Jury sessions served\"]")  # (her community service has its own)
    expect(bar).to_have_count(1)
    served, owed = int(bar.get_attribute("value") or -1), int(bar.get_attribute("max") or -1)
    expect(page.locator("#my-cases")).to_contain_text(f"{served} of {owed} jury sessions served")
    return served, owed


def test_a_former_respondents_duty_and_balance_move_after_a_session_and_she_spends_credit(
        new_context: Callable[..., BrowserContext], server: Server, browser_log: BrowserLog):
    respondent = Journey.open(new_context, phone=True)
    respondent.sign_in("respondent", DEMO_PASSWORD)
    served_before, owed = duty(respondent.page)
    assert served_before < owed, "the demo respondent still owes jury sessions"
    balance_before = open_my_credits(respondent)

    hearing_id = _hearing(server)
    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.goto(f"/hearings/{hearing_id}")
    coordinator.arrived(re.compile(TITLE), re.compile(rf"/hearings/{hearing_id}$"))
    page.get_by_role("link", name="Attendance on the day").click()
    expect(page).to_have_url(re.compile(rf"/hearings/{hearing_id}/attendance"))
    coordinator.arrived("Attendance", re.compile(r"/attendance$"))
    her_row = page.locator("form.attendance-row").filter(has_text=RESPONDENT)
    expect(her_row).to_contain_text("Checked in at")
    her_row.get_by_role("button", name=f"Check out {RESPONDENT}").click()
    expect(her_row).to_contain_text("to credit")
    credited = re.match(r"(\d+) h(?: (\d+) min)? to credit$", her_row.locator(".credit").inner_text().strip())
    assert credited, "the row shows the hours to credit"
    served_minutes = int(credited[1]) * 60 + int(credited[2] or 0)
    assert served_minutes >= 165, "she sat through three hours"
    page.get_by_role("button", name="Mark the hearing held").click()
    coordinator.arrived(re.compile(TITLE), re.compile(rf"/hearings/{hearing_id}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("held")

    respondent.page.goto("/me")
    respondent.arrived(re.compile(r"^Hello, "), re.compile(r"/me$"))
    assert duty(respondent.page) == (served_before + 1, owed), "the progress bar moved one session on"
    balance_after_session = open_my_credits(respondent)
    assert balance_after_session == balance_before + served_minutes
    expect(respondent.page.locator("#statement").get_by_role("row").filter(has_text=TITLE)).to_have_count(1)

    mine = respondent.page.locator("#reward-requests li").filter(has_text=REWARD)
    approved_before = mine.filter(has_text="approved").count()
    rewards = respondent.page.get_by_role("region", name="Rewards")
    rewards.get_by_role("listitem").filter(has_text=REWARD).get_by_role("button", name="Ask for this").click()
    respondent.arrived("My time credits", re.compile(r"done=requested"))
    expect(respondent.page.get_by_role("status")).to_contain_text("with a coordinator")
    assert balance_minutes(respondent.page) == balance_after_session, "asking spends nothing yet"

    page.goto("/credits")
    coordinator.arrived(re.compile("credits", re.I), re.compile(r"/credits"))
    waiting = page.locator("tr[id^=requests-]").filter(has_text=RESPONDENT).filter(has_text=REWARD)
    pending = waiting.count()
    assert pending >= 1
    waiting.last.get_by_role("button", name="Approve").click()
    coordinator.arrived(re.compile("credits", re.I), re.compile(r"/credits"))
    expect(waiting).to_have_count(pending - 1)

    respondent.page.goto("/me/credits")
    respondent.arrived("My time credits", re.compile(r"/me/credits"))
    assert balance_minutes(respondent.page) == balance_after_session - PRICE
    expect(mine.filter(has_text="approved")).to_have_count(approved_before + 1)
    browser_log.assert_clean()
