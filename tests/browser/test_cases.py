"""A coordinator takes a referral through intake to a hearing's docket, from the Cases menu.

Every case page visited is scanned with axe-core; any console error or CSP violation fails it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt import clock
from jurycourt.demo import DEMO_PASSWORD
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser

CASE_URL = re.compile(r"/cases/\d+$")
HEADING = re.compile(r"^Case #\d+ — Rowan Featherstone$")


def test_coordinator_takes_a_referral_through_intake_to_the_docket(new_context: Callable[..., BrowserContext]):
    today = clock.today().isoformat()
    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    coordinator.arrived("Cases", re.compile(r"/cases$"))
    page.get_by_role("link", name=re.compile("Take a referral")).click()
    coordinator.arrived(re.compile("referral", re.I), re.compile(r"/cases/new$"))

    page.get_by_label("Or, for a referrer with no agency record").select_option(label="Police")
    page.get_by_label("Referring officer").fill("Officer Lindqvist")
    page.get_by_label("Offence category (non-violent)").select_option("trespass")
    page.get_by_label("Short factual summary").fill("Walked through a closed construction site and admitted it.")
    respondent = page.get_by_role("group", name="Respondent")
    respondent.get_by_label("Given name").fill("Rowan")
    respondent.get_by_label("Family name").fill("Featherstone")
    respondent.get_by_label("Date of birth").fill("2011-05-06")
    guardian = page.get_by_role("group", name="Parent or guardian")
    guardian.get_by_label("Given name").fill("Imogen")
    guardian.get_by_label("Family name").fill("Featherstone")
    guardian.get_by_label("Phone").fill("202-555-0177")
    page.get_by_role("button", name="Open the case").click()
    coordinator.arrived(HEADING, CASE_URL)
    case_url = page.url
    expect(page.locator(".badge").first).to_contain_text("Referred")

    intake = page.locator("#intake")
    for question in ("First offence?", "Non-violent?", "Accepts responsibility?"):
        intake.get_by_label(question).select_option("yes")
    intake.get_by_label("Age at intake").fill("15")
    intake.get_by_label("Respondent consented on").fill(today)
    intake.get_by_label("Guardian consented on").fill(today)
    intake.get_by_label("Consenting guardian").select_option(label="Imogen Featherstone")
    intake.get_by_label("Consent witnessed by").fill("Denise Okafor")
    intake.get_by_role("button", name="Save intake").click()
    coordinator.arrived(HEADING, case_url)
    expect(page.locator(".badge").first).to_contain_text("Intake")

    docket = page.locator("#docket")
    choice = docket.get_by_label("Put on the docket of")
    option = choice.locator("option", has_text="Courtroom 2").first
    choice.select_option(option.get_attribute("value"))
    docket.get_by_role("button", name="Put on the docket").click()
    coordinator.arrived(HEADING, case_url)
    expect(page.locator("#docket")).to_contain_text("Saturday docket, Courtroom 2")

    page.locator("#steps form").filter(has=page.get_by_role("button", name="Mark scheduled")).get_by_role(
        "button", name="Mark scheduled").click()
    coordinator.arrived(HEADING, case_url)
    expect(page.locator(".badge").first).to_contain_text("Scheduled")
    expect(page.locator("#steps").get_by_role("button", name="Mark scheduled")).to_have_count(0)


def test_coordinator_opens_a_completed_case_and_its_outcome_letter(new_context: Callable[..., BrowserContext]):
    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.goto("/cases?state=completed")
    coordinator.arrived("Cases", re.compile(r"/cases\?state=completed$"))
    page.locator("#case-results").get_by_role("link", name=re.compile(r"^Case #\d+")).first.click()
    coordinator.arrived(re.compile(r"^Case #\d+ — "), CASE_URL)
    page.get_by_role("link", name="Outcome letter for the referring agency").click()
    coordinator.arrived("Outcome of a referral to the peer jury", re.compile(r"/cases/\d+/letter$"))
    expect(page.locator(".letter")).to_contain_text("Completed")
