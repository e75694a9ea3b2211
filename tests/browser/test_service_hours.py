"""A service-site supervisor confirms a teen's community service hours on a phone, through the link
the coordinator copied from the case page: no account, no sign-in. Every page is scanned with axe;
the page fits the phone's width; the console stays clean."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt.demo import DEMO_PASSWORD
from tests.browser.conftest import BrowserLog, Server
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser

SITE = "Riverside Community Food Pantry"


def test_a_supervisor_confirms_hours_on_a_phone_through_the_link(new_context: Callable[..., BrowserContext],
                                                                 server: Server, browser_log: BrowserLog) -> None:
    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Service sites").click()
    coordinator.arrived("Community service sites", re.compile(r"/service-sites$"))
    row = page.locator("#placements-table tr", has_text=SITE)
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+#sanction-\d+$"))
    link = page.locator(".supervisor-link a[id^=service-link-]")
    url = link.get_attribute("href") or ""
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/hours/\d+-\d+-[0-9a-f]{40}", url), url

    supervisor = Journey.open(new_context, phone=True)
    phone = supervisor.page
    phone.goto(url)
    supervisor.arrived(f"Community service hours at {SITE}", url)
    expect(phone.locator("#hours-summary")).to_have_text(re.compile(r"Tanya has served 5 h of 12 h here; 7 h to go\."))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    phone.get_by_label("Hours served").fill("1")
    phone.get_by_label("and minutes").select_option("30")
    phone.get_by_role("button", name="Confirm these hours").click()
    supervisor.arrived(f"Community service hours at {SITE}", re.compile(r"counted=yes$"))
    expect(phone.locator("#counted")).to_have_text("Thank you: the hours are recorded.")
    summary = re.compile(r"served 6 h 30 min of 12 h here; 5 h 30 min to go")
    expect(phone.locator("#hours-summary")).to_have_text(summary)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    page.reload()  # the coordinator's case page shows the hours the supervisor confirmed
    expect(page.locator(".service-progress")).to_contain_text("6 h 30 min of 12 h served, 5 h 30 min to go.")
