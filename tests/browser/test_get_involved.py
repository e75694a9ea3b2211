"""A visitor with no account looks for a way to take part: from the home page's program card to the
"Get involved" page, its contact, a citizens' panel taking volunteers and its volunteer form, and how
to follow the findings; Back returns to where they were on the page. At desktop and phone width, every
page scanned with axe-core (Journey.arrived) and read by the W3C Nu HTML checker as served; no console
error. Offline, the installed app shows its offline page. Screenshots of each page are saved in
var/screenshots/, their paths printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt.demo import DEMO_CONTACT_EMAIL
from tests import nu_validator
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser
#: Kept after the run (git ignores var/), unlike pytest's temporary folders, which later runs remove.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PANEL = "Riverside parks after dark panel"  # the demo's citizens' panel taking volunteers


class Visit:
    """The pages a journey saw: their markup as served (for the Nu checker) and a screenshot each."""

    def __init__(self, visitor: Journey, folder: Path, width: str) -> None:
        self.visitor, self.folder, self.width = visitor, folder, width
        self.pages: dict[str, str] = {}

    def saw(self, name: str) -> None:
        page = self.visitor.page
        self.pages[f"{name} ({page.url})"] = page.request.get(page.url).text()
        path = self.folder / f"get-involved-{self.width}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_visitor_finds_how_to_get_involved_and_volunteers_for_a_citizens_panel(
        new_context: Callable[..., BrowserContext], browser_log, phone: bool):
    visitor = Journey(new_context(phone=phone, service_workers=True))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit = Visit(visitor, SCREENSHOTS, "phone" if phone else "desktop")
    page = visitor.page
    page.goto("/")
    visitor.arrived(re.compile("Justice that young people"), re.compile(r"/$"))
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Citizens’ panels")).to_be_visible()
    visit.saw("home")

    page.get_by_role("link", name="Riverside Time Dollar Youth Court").click()  # the program's card
    visitor.arrived("Get involved", re.compile(r"/get-involved#program-\d+$"))
    program = page.locator("section[id^=program-]").first
    email = program.get_by_role("link", name=DEMO_CONTACT_EMAIL)
    expect(email).to_have_attribute("href", f"mailto:{DEMO_CONTACT_EMAIL}")
    expect(program.get_by_role("link", name=PANEL)).to_be_visible()
    visit.saw("get-involved")

    follow = page.get_by_role("link", name="Follow new findings")
    follow.scroll_into_view_if_needed()
    left_at = page.evaluate("() => window.scrollY")
    follow.click()
    visitor.arrived("Follow new findings", re.compile(r"/findings/follow$"))
    expect(page.get_by_label("Feed address")).to_have_value(re.compile(r"^http://.+/findings/feed\.atom$"))
    visit.saw("follow")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get involved")
    if left_at > 0:  # the page was long enough to scroll (always on a phone)
        page.wait_for_function("(y) => window.scrollY > y", arg=left_at - 40)
    assert left_at > 0 or not phone

    page.get_by_role("link", name="Volunteer for this panel").first.click()
    visitor.arrived(f"Volunteer for “{PANEL}”", re.compile(r"/panels/citizens/\d+/volunteer$"))
    visit.saw("volunteer")
    page.get_by_label("Your name").fill("Robin Example" + (" Phone" if phone else ""))
    page.get_by_label("Email address or phone number").fill(f"robin-{'phone' if phone else 'desktop'}@example.org")
    page.get_by_label("Home address").fill(f"{2 if phone else 1} Example Road")
    for label, value in (("Age band", "30-44"), ("Gender", "Woman"), ("Neighbourhood", "Riverside")):
        page.get_by_label(label).select_option(value)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Volunteer").click()
    visitor.arrived("Thank you for volunteering", re.compile(r"/panels/citizens/\d+/volunteer$"))

    # Installed on a phone and out of reach of the network: the service worker's offline page, not an error.
    page.goto("/")
    assert page.evaluate("() => navigator.serviceWorker.ready.then(() => caches.has('jurycourt-offline-v1'))")
    page.reload()  # now under the worker's control
    page.context.set_offline(True)
    with browser_log.tolerating(r"ERR_INTERNET_DISCONNECTED|Failed to fetch"):
        page.goto("/findings")
        expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    page.context.set_offline(False)
    page.goto("/findings")
    expect(page.get_by_role("heading", level=1)).to_have_text("Findings and reports")

    found = nu_validator.messages(visit.pages)
    assert found == [], nu_validator.describe(found)
    browser_log.assert_clean()
