"""A new member turns on two-step sign-in with a code computed here, then signs in in two steps.

Every page on the way is scanned with axe-core; console errors and CSP violations fail the journey.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import expect

from jurycourt.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.test_onboarding import Journey, coordinator_invites, newcomer, person_opens_account

pytestmark = pytest.mark.browser


def test_enrolment_by_qr_code_then_a_two_step_sign_in(server, new_context, browser_log):
    """The server's clock stands still (then steps), so the codes computed here never straddle a step."""
    with server.clock_at(datetime.now(UTC).replace(microsecond=0)) as step:
        enrol_then_sign_in(new_context, browser_log, step)


def enrol_then_sign_in(new_context, browser_log, step) -> None:
    at = step(0)  # the server's now
    person = newcomer("totp")
    coordinator = Journey.open(new_context)
    url = coordinator_invites(coordinator, person)
    member = Journey.open(new_context, phone=True)
    person_opens_account(member, url, person, browser_log)
    page = member.page

    page.get_by_role("link", name="Two-step sign-in").click()
    member.arrived("Two-step sign-in", re.compile(r"/me/two-factor$"))
    page.get_by_role("button", name="Set up two-step sign-in").click()
    member.arrived("Two-step sign-in", re.compile(r"/me/two-factor$"))
    qr = page.get_by_role("img", name="QR code of your two-step sign-in key")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the data: image passed the CSP
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    totp = pyotp.TOTP(secret)
    accepted = {totp.at(at, counter_offset=offset) for offset in (-1, 0, 1)}  # the allowed drift

    with browser_log.tolerating(r"status of (400|422) "):
        page.get_by_label("6-digit code").fill(next(c for c in ("000000", "111111", "222222") if c not in accepted))
        page.get_by_role("button", name="Turn on two-step sign-in").click()
        expect(page.get_by_role("alert").filter(has_text="Please correct 1 problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("6-digit code").fill(totp.at(at))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    member.arrived("Two-step sign-in", re.compile(r"/me/two-factor(/confirm)?$"))
    expect(page.locator("#recovery-codes li")).to_have_count(10)

    page.get_by_role("button", name="Sign out").click()
    # Wait for the sign-out to finish: /login sends someone still signed in on to their page.
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto("/login")
    member.arrived("Sign in", re.compile(r"/login$"))
    page.get_by_label("Login name").fill(person.login)
    page.get_by_label("Password", exact=True).fill(person.password)
    page.get_by_role("button", name="Sign in").click()
    member.arrived("Enter your code", re.compile(r"/login/code$"))
    later = step(30)  # a code works once: sign in with the next step's
    page.get_by_label("Code").fill(totp.at(later))
    page.get_by_role("button", name="Sign in").click()
    member.arrived(f"Hello, {person.given}", re.compile(r"/me$"))
    browser_log.assert_clean()


def test_the_audit_page_on_a_phone(new_context, browser_log):
    coordinator = Journey.open(new_context, phone=True)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.goto("/audit")
    coordinator.arrived("Audit log", re.compile(r"/audit$"))
    page.get_by_label("Kind of event").select_option(label="Sign-ins (success and failure)")
    page.get_by_role("button", name="Show").click()
    coordinator.arrived("Audit log", re.compile(r"/audit\?kind=signins"))
    expect(page.locator("#audit tbody tr").first).to_contain_text("signin")
    browser_log.assert_clean()
