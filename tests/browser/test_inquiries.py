"""A Youth Grand Jury at work: a member logs evidence, drafts a recommendation and votes on it on
her phone; a coordinator records a named body's response; the public report shows it with each
recommendation's dated status timeline and the bodies that are overdue. Every page is scanned
with axe-core on arrival."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt import clock
from jurycourt.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.conftest import BrowserLog
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser

OPEN = "Were the promises kept?"
PUBLISHED = "Speaking truth to power"
RESPONSE = "The department will open a drug-free club at the Anacostia centre next spring."


def member_adds_evidence_and_votes(member: Journey) -> None:
    page = member.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inquiries").click()
    member.arrived("Inquiries", re.compile(r"/inquiries$"))
    page.get_by_role("link", name=OPEN).click()
    member.arrived(OPEN, re.compile(r"/inquiries/\d+$"))

    page.get_by_role("navigation", name="Inquiry").get_by_role("link", name="Evidence").click()
    member.arrived(f"Evidence: {OPEN}", re.compile(r"/evidence$"))
    page.get_by_label("Kind").select_option(label="Note")
    page.get_by_label("Title").fill("Counsellors waiting for their exam")
    page.get_by_label("Note, data or description").fill("Eight trained counsellors are still waiting to sit it.")
    page.get_by_label("Tags").fill("peer counsellors, certification")
    page.get_by_role("button", name="Add to the log").click()
    member.arrived(f"Evidence: {OPEN}", re.compile(r"/evidence$"))
    expect(page.get_by_role("heading", name="Counsellors waiting for their exam")).to_be_visible()

    page.get_by_label("Search the evidence").fill("eight")
    page.get_by_role("button", name="Search").click()
    member.arrived(f"Evidence: {OPEN}", re.compile(r"/evidence\?q=eight"))
    expect(page.locator("#evidence-log").get_by_role("heading", level=3)).to_have_count(1)

    page.get_by_role("navigation", name="Inquiry").get_by_role("link", name="Findings").click()
    member.arrived(f"Findings: {OPEN}", re.compile(r"/findings$"))
    page.get_by_label("Kind").select_option(label="Recommendation")
    page.get_by_label("Short title").fill("Schedule the certification exam")
    page.get_by_label("Body named (indictment) or to whom (recommendation)").fill("The drug agency")
    page.get_by_label("What it failed to do, or the action recommended").fill(
        "Schedule the certification exam for every trained peer counsellor within a month.")
    page.get_by_label("Role of young people (recommendation)").fill("Certified teen counsellors run the sessions.")
    page.get_by_label("Counsellors waiting for their exam").check()
    page.get_by_role("button", name="Draft the finding").click()
    member.arrived(f"Findings: {OPEN}", re.compile(r"/findings$"))
    finding = page.locator("article", has=page.get_by_role("heading", name=re.compile("Schedule the certification")))
    expect(finding).to_be_visible()
    finding.get_by_role("button", name="For").click()
    dialog = page.get_by_role("dialog")  # a vote is final: the page asks first
    expect(dialog).to_contain_text("each member votes once")
    dialog.get_by_role("button", name="For").click()
    member.arrived(f"Findings: {OPEN}", re.compile(r"/findings$"))
    expect(finding).to_contain_text("You voted: For.")
    expect(finding).to_contain_text("Votes cast so far: 1 of 7.")


def coordinator_records_a_response(coordinator: Journey) -> None:
    page = coordinator.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inquiries").click()
    coordinator.arrived("Inquiries", re.compile(r"/inquiries$"))
    page.get_by_role("link", name=PUBLISHED).click()
    coordinator.arrived(PUBLISHED, re.compile(r"/inquiries/\d+$"))
    page.get_by_role("navigation", name="Inquiry").get_by_role("link", name="Follow-up").click()
    coordinator.arrived(f"Follow-up: {PUBLISHED}", re.compile(r"/follow-up$"))
    club = page.locator("section", has=page.get_by_role("heading", name=re.compile("A drug-free club")))
    expect(club.get_by_text("overdue")).to_be_visible()
    club.get_by_label("The body").select_option(label="Agrees")
    club.get_by_label("Its response, in its own words").fill(RESPONSE)
    club.get_by_label("Date of the response").fill(clock.today().isoformat())
    club.get_by_role("button", name="Record the response").click()
    coordinator.arrived(f"Follow-up: {PUBLISHED}", re.compile(r"/follow-up$"))
    expect(club).to_contain_text(RESPONSE)
    club.get_by_label("New status").select_option(label="Accepted")
    club.get_by_role("button", name="Add to the timeline").click()
    coordinator.arrived(f"Follow-up: {PUBLISHED}", re.compile(r"/follow-up$"))
    expect(club.get_by_role("list", name=re.compile("Status history"))).to_contain_text("Accepted")


def test_members_build_a_finding_a_coordinator_records_a_response_and_the_public_sees_the_timeline(
        new_context: Callable[..., BrowserContext], browser_log: BrowserLog):
    member = Journey.open(new_context, phone=True)
    member.sign_in("grandjuror", DEMO_PASSWORD)
    member_adds_evidence_and_votes(member)

    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    coordinator_records_a_response(coordinator)

    public = Journey.open(new_context, phone=True)
    page = public.page
    page.goto("/findings/speaking-truth-to-power")
    expect(page.get_by_role("heading", level=1)).to_have_text(PUBLISHED)
    assert_accessible(page)
    follow_up = page.locator("#follow-up")
    expect(follow_up).to_contain_text(RESPONSE)
    counsellors = follow_up.get_by_role("list", name="Status history of Certified teen peer counsellors")
    expect(counsellors.get_by_role("listitem")).to_have_count(3)
    expect(counsellors).to_contain_text("In progress")
    city = follow_up.locator("article", has=page.get_by_role("heading", name=re.compile("Nothing spent")))
    expect(city.get_by_text("overdue")).to_be_visible()
    expect(page.get_by_text(OPEN)).to_have_count(0)
