"""A coordinator takes a community justice matter from referral to a signed agreement, from the
Panels menu. Every page is scanned with axe-core; any console error or CSP violation fails it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt import clock
from jurycourt.demo import DEMO_PASSWORD
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser

MATTER_URL = re.compile(r"/panels/justice/\d+(#[\w-]+)?$")
HEADING = re.compile(r"^Community justice panel #\d+$")
HARMED_URL = re.compile(r"/panels/justice/\d+/harmed(#[\w-]+)?$")


def test_coordinator_takes_a_matter_from_referral_to_a_signed_agreement(new_context: Callable[..., BrowserContext]):
    today = clock.today()
    coordinator = Journey.open(new_context, phone=True)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.goto("/panels")
    coordinator.arrived("Panels", re.compile(r"/panels$"))
    page.get_by_role("link", name=re.compile("Refer a matter")).click()
    coordinator.arrived(re.compile("Refer a matter"), re.compile(r"/panels/justice/new$"))

    page.get_by_label("Referred by").select_option(label="Housing association")
    page.get_by_label("Offence or disorder").select_option(label="Criminal damage or graffiti")
    page.get_by_label("Factual summary").fill("Sprayed a tag on the estate's bin store; admitted it.")
    page.get_by_label("Given name").fill("Corin")
    page.get_by_label("Family name").fill("Ashdown")
    page.get_by_role("button", name="Refer the matter").click()
    coordinator.arrived(HEADING, MATTER_URL)
    expect(page.locator(".badge").first).to_contain_text("Referred")

    people = page.locator("#people")
    people.get_by_label("Part in the matter").select_option(label="Person harmed")
    people.get_by_label("Wishes about contact").select_option(label="A meeting")
    people.get_by_label("Given name").fill("Hester")
    people.get_by_label("Family name").fill("Vail")
    people.get_by_role("button", name="Add participant").click()
    coordinator.arrived(HEADING, MATTER_URL)
    expect(page.locator("#people")).to_contain_text("Hester Vail — Person harmed")

    page.locator("#steps").get_by_role("button", name="Start preparation").click()
    coordinator.arrived(HEADING, MATTER_URL)
    expect(page.locator(".badge").first).to_contain_text("Preparing")

    panel = page.locator("#panel")
    panel.get_by_label("Chair").select_option(label="Gordon Ashby")
    panel.get_by_label("Margaret Hollis").check()
    panel.get_by_label("Desmond Farley").check()
    panel.get_by_role("button", name="Appoint the panel").click()
    coordinator.arrived(HEADING, MATTER_URL)
    expect(page.locator("#panel")).to_contain_text("Gordon Ashby — chair")

    visits = page.locator("#visits")
    visits.get_by_label("Visited", exact=True).select_option(label="Corin Ashdown (Person responsible)")
    visits.get_by_label("Short note").fill("Explained the meeting; willing to take part.")
    visits.get_by_role("button", name="Record the visit").click()
    coordinator.arrived(HEADING, MATTER_URL)
    expect(page.locator("#visits")).to_contain_text("Explained the meeting; willing to take part.")

    # Hester asked for a meeting: her consent, wishes and a safety plan come first, and a second
    # coordinator reviews the plan before the meeting can be scheduled.
    page.get_by_role("link", name=re.compile("The person harmed: consent")).click()
    coordinator.arrived("The person harmed", HARMED_URL)
    consent = page.locator("#consent")
    consent.get_by_label("Yes").check()
    consent.get_by_label("On", exact=True).fill(today.isoformat())
    consent.get_by_label("How they told you").select_option(label="In person")
    consent.get_by_role("button", name="Record consent").click()
    coordinator.arrived("The person harmed", HARMED_URL)
    expect(page.locator("#consent")).to_contain_text("Agreed to be contacted")
    wishes = page.locator("#wishes")
    wishes.get_by_label("To attend the hearing or meeting").check()
    wishes.get_by_label("To be told the outcome").check()
    wishes.get_by_role("button", name="Save their wishes").click()
    coordinator.arrived("The person harmed", HARMED_URL)
    expect(page.locator("#wishes").get_by_label("To be told the outcome")).to_be_checked()
    safety = page.locator("#safety")
    for box in safety.locator("textarea").all():
        box.fill("Talked it through at the visit.")
    safety.get_by_role("button", name="Save the safety plan").click()
    coordinator.arrived("The person harmed", HARMED_URL)
    expect(page.locator("#safety")).to_contain_text("Waiting for a second coordinator's review.")
    harmed_url = page.url
    second = Journey.open(new_context, phone=True)
    second.sign_in("coordinator2", DEMO_PASSWORD)
    second.page.goto(harmed_url)
    second.arrived("The person harmed", HARMED_URL)
    second.page.locator("#safety").get_by_role("button", name="Approve the safety plan").click()
    second.arrived("The person harmed", HARMED_URL)
    expect(second.page.locator("#safety")).to_contain_text("Reviewed on")
    page.get_by_role("link", name=re.compile("Back to community justice panel")).click()
    coordinator.arrived(HEADING, MATTER_URL)

    day = (today - timedelta(days=1)).isoformat()  # the agreement is signed at the meeting: it has taken place
    meeting = page.locator("#meeting")
    meeting.get_by_label("Starts").fill(f"{day}T18:00")
    meeting.get_by_label("Ends").fill(f"{day}T19:30")
    meeting.get_by_role("button", name="Schedule the meeting").click()
    coordinator.arrived(HEADING, MATTER_URL)
    expect(page.locator(".badge").first).to_contain_text("Meeting scheduled")

    agreement = page.locator("#agreement")
    agreement.get_by_label("Action").select_option(label="Reparation (e.g. cleaning graffiti)")
    agreement.get_by_label("Details").fill("Clean the bin store wall with the caretaker")
    agreement.get_by_label("Due on").fill((today + timedelta(days=30)).isoformat())
    agreement.get_by_role("button", name="Add to the agreement").click()
    coordinator.arrived(HEADING, MATTER_URL)
    expect(page.locator("#agreement")).to_contain_text("Clean the bin store wall")

    for signed in range(1, 5):  # the person responsible, the person harmed, the chair and the coordinator
        signoffs = page.locator("#signoffs")
        signoffs.get_by_label("Signed by").select_option(index=0)
        signoffs.get_by_role("button", name="Record the sign-off").click()
        expect(page.locator("#signoffs li")).to_have_count(signed)  # the page came back with it
        coordinator.arrived(HEADING, MATTER_URL)

    page.locator("#steps").get_by_role("button", name="Record the agreement as signed").click()
    coordinator.arrived(HEADING, MATTER_URL)
    expect(page.locator(".badge").first).to_contain_text("Agreed")
    expect(page.locator("#history")).to_contain_text("meeting scheduled → agreed")
