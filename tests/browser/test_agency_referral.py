"""An agency contact, on a phone, turns on two-step sign-in, refers a young person through the portal,
and once the coordinator has closed the case sees it withdrawn with the closing letter."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import expect

from jurycourt.demo import DEMO_PASSWORD
from jurycourt.demo.agencies import AGENCY_LOGIN
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser


def test_an_agency_refers_on_a_phone_and_receives_the_closing_letter(server, new_context, browser_log):
    with server.clock_at(datetime.now(UTC).replace(microsecond=0)) as step:
        agency = Journey.open(new_context, phone=True)
        page = agency.page
        page.goto("/login")
        page.get_by_label("Login name").fill(AGENCY_LOGIN)
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        agency.arrived("Two-step sign-in", re.compile(r"/me/two-factor$"))  # nothing else until it is on
        page.get_by_role("button", name="Set up two-step sign-in").click()
        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).at(step(0)))
        page.get_by_role("button", name="Turn on two-step sign-in").click()
        expect(page.locator("#recovery-codes li")).to_have_count(10)

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Referrals").click()
        agency.arrived("Referrals from Eastside Police District", re.compile(r"/agency$"))
        page.get_by_role("link", name="Refer a young person").click()
        agency.arrived("Refer a young person", re.compile(r"/agency/refer$"))
        reference = f"EPD-B-{secrets.token_hex(3)}"
        page.get_by_label("Your reference").fill(reference)
        page.get_by_label("Given name").fill("Noor")
        page.get_by_label("Family name").fill("Haddad")
        page.get_by_label("Date of birth").fill("2011-08-19")
        page.get_by_label("Offence category (non-violent)").select_option("vandalism")
        page.get_by_role("button", name="Send the referral").click()
        agency.arrived("Referrals from Eastside Police District", re.compile(r"/agency\?done=referred$"))
        row = page.locator("#referrals tbody tr", has_text=reference)
        expect(row).to_contain_text("Received")
        case_number = row.locator("td").first.inner_text()

        coordinator = Journey.open(new_context)
        coordinator.sign_in("coordinator", DEMO_PASSWORD)
        office = coordinator.page
        office.goto(f"/cases/{case_number}")
        office.get_by_role("button", name="Start intake").click()
        office.get_by_text("Close the case instead").click()
        office.locator("#reason-withdraw").fill("The family moved away")
        office.get_by_role("button", name="Withdraw the case").click()
        expect(office.locator("#steps")).to_have_count(0)

        page.goto("/agency")
        agency.arrived("Referrals from Eastside Police District", re.compile(r"/agency$"))
        expect(page.locator("#referrals tbody tr", has_text=reference)).to_contain_text("Withdrawn")
        letter = page.locator("article.notice-item", has_text=f"Closing letter: referral {reference}")
        expect(letter).to_contain_text("Its outcome: Withdrawn")
        expect(letter).not_to_contain_text("Haddad")
        expect(page.locator("article.notice-item", has_text=f"Referral {reference}: Accepted")).to_have_count(1)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, "the portal fits a phone's width"
        browser_log.assert_clean()
