"""Every page of the hearings area passes an axe-core scan, at desktop and phone widths."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt import clock
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.demo.hearings import hearing_days
from tests.browser.axe import assert_accessible, assert_reflows
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_coordinators_hearing_pages_pass_an_accessibility_scan(
    new_context: Callable[..., BrowserContext], phone: bool
):
    days = hearing_days(clock.today())
    coordinator = Journey.open(new_context, phone=phone)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    for view in ("week", "month", "list"):
        page.goto(f"/calendar?view={view}&date={days['coming'].isoformat()}")
        coordinator.arrived("Calendar", re.compile(r"/calendar"))
    for path, heading in (("/rooms", "Rooms"), ("/hearings/new", "Schedule a hearing"), ("/outbox", "Outbox")):
        page.goto(path)
        coordinator.arrived(heading, re.compile(re.escape(path) + "$"))

    page.goto(f"/calendar?view=list&date={days['coming'].isoformat()}")
    page.get_by_role("link", name=re.compile("Saturday docket, Courtroom 1")).first.click()
    coordinator.arrived(re.compile("Saturday docket, Courtroom 1"), re.compile(r"/hearings/\d+$"))
    page.get_by_role("link", name="who was excluded and why").click()
    coordinator.arrived("Seat proposal", re.compile(r"/proposals/\d+$"))

    page.goto(f"/calendar?view=list&date={days['today'].isoformat()}")
    page.get_by_role("link", name=re.compile("Community justice panel")).first.click()
    coordinator.arrived(re.compile("Community justice panel"), re.compile(r"/hearings/\d+$"))
    page.get_by_role("link", name=re.compile("Attendance")).first.click()
    expect(page).to_have_url(re.compile(r"/attendance"))
    assert_accessible(page)


def test_a_jurors_availability_page_passes_an_accessibility_scan_on_a_phone(
    new_context: Callable[..., BrowserContext],
):
    juror = Journey.open(new_context, phone=True)
    juror.sign_in("juror", DEMO_PASSWORD)
    juror.page.get_by_role("link", name=re.compile("When I can serve")).click()
    expect(juror.page).to_have_url(re.compile(r"/me/availability$"))
    assert_accessible(juror.page)


def test_the_reflow_check_fails_on_a_page_wider_than_a_phone(new_context: Callable[..., BrowserContext]):
    page = new_context(phone=True).new_page()
    page.goto("/login")
    assert_reflows(page)  # the real page fits
    # A table whose hidden column header sits past the phone's edge stays inside its scroller...
    page.evaluate("""() => { const d = document.createElement("div"); d.className = "table-scroll";
      d.innerHTML = '<table class="list"><tr><td>wide</td>'
        + '<th><span class="visually-hidden">Action</span></th></tr></table>';
      d.querySelector("td").style.minWidth = "60rem"; document.querySelector("main").append(d); }""")
    assert_reflows(page)
    # ...and anything that does not makes the check fail.
    page.evaluate("""() => { const p = document.createElement("p"); p.style.width = "60rem"; p.textContent = "too wide";
      document.querySelector("main").append(p); }""")
    with pytest.raises(AssertionError, match="px wide in a 390 px window"):
        assert_reflows(page)
