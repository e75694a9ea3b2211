"""A household that received a letter registers with its code on a phone (390 px): the QR code's address
fills the code in, Continue shows the panel's questions, a missing consent is refused with the answers
kept, then the household is registered. Once with JavaScript (every page scanned with axe) and once
without; the pages as served pass the W3C Nu HTML checker and never scroll sideways."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt.demo.assembly_letters import SEED
from jurycourt.domain import assembly_letters as letters
from tests import nu_validator
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser
PANEL = "Riverside late transport panel"
#: A boosted form post keeps the address bar on the form's page (the QR code's address); without JavaScript
#: the browser shows the address posted to.
JOIN = re.compile(r"/join(\?code=[\w-]+)?$")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_household_registers_with_the_code_on_its_letter_on_a_phone(
        new_context: Callable[..., BrowserContext], browser_log, javascript: bool):
    code = letters.format_code(letters.registration_codes(SEED, 80)[40 if javascript else 41])
    household = Journey.open(new_context, phone=True, javascript=javascript)
    page = household.page
    served: dict[str, str] = {}

    def saw(name: str) -> None:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, f"{name} scrolls sideways"
        served[f"{name} ({page.url})"] = page.content()

    page.goto(f"/join?code={code.replace('-', '')}")  # what the letter's QR code opens
    household.arrived("Register with your letter's code", re.compile(r"/join\?code="))
    expect(page.get_by_label("Code from your letter")).to_have_value(code)
    saw("code")
    page.get_by_role("button", name="Continue").click()
    household.arrived(f"Register for “{PANEL}”", JOIN)
    page.get_by_label("Name", exact=True).fill("Robin Letter")
    page.get_by_label("Email address or phone number").fill("robin.letter@example.org")
    for label, value in (("Age band", "30-44"), ("Gender", "Woman"), ("Neighbourhood", "Eastgate")):
        page.get_by_label(label).select_option(value)
    page.get_by_label("Anything we should arrange so that you can take part").fill("A hearing loop")
    saw("form")
    with browser_log.tolerating(r"status of 400 "):  # the refusal is a 400, as every refused form
        page.get_by_role("button", name="Register").click()  # consent not given yet
        household.arrived(f"Register for “{PANEL}”", JOIN)
    expect(page.get_by_role("alert")).to_contain_text("privacy notice")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Robin Letter")
    expect(page.get_by_label("Anything we should arrange so that you can take part")).to_have_value("A hearing loop")
    saw("refused")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Register").click()
    household.arrived("Thank you for registering", JOIN)
    saw("registered")

    page.goto(f"/join?code={code}")  # the same letter again: refused, and said why
    with browser_log.tolerating(r"status of 400 "):
        page.get_by_role("button", name="Continue").click()
        household.arrived("Register with your letter's code", JOIN)
        expect(page.locator("#f-code-error")).to_contain_text("This code has already been used to register")

    found = nu_validator.messages(served)
    assert found == [], nu_validator.describe(found)
    browser_log.assert_clean()
