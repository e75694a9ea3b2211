"""A coordinator, on a phone, sends a newcomer's invitation link by text: the text waits on /outbox, then
the outbox round hands it to the text provider (the console provider of development, which prints
what it sends) and /outbox shows it sent. Every page is scanned with axe; the console stays clean."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt import clock
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.settings import ROOT
from tests.browser.conftest import BrowserLog, Server
from tests.browser.test_onboarding import Journey, newcomer

pytestmark = pytest.mark.browser

PHONE = "(202) 555-0177"
E164 = "+12025550177"


def send_outbox(server: Server) -> str:
    """One outbox round against the server's database, as cron would run it; what it printed."""
    env = {**os.environ, "JURYCOURT_ENVIRONMENT": "development",
           "JURYCOURT_DATABASE_URL": f"sqlite://{server.log.parent / 'jurycourt.sqlite3'}",
           "JURYCOURT_SECRET_KEY": "browser-test-secret-" + "x" * 32,
           "JURYCOURT_PSEUDONYM_KEY": "p" * 40, "JURYCOURT_PASSWORD_HASHING": "cheapest",
           "JURYCOURT_TEST_CLOCK_FILE": str(server.clock)}  # the server's (fixed) time: not in quiet hours
    done = subprocess.run([sys.executable, "-m", "jurycourt", "send-outbox"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout + server.log.read_text(errors="replace")


def test_a_coordinator_on_a_phone_sends_an_invitation_link_by_text(new_context: Callable[..., BrowserContext],
                                                                   server: Server, browser_log: BrowserLog) -> None:
    zone = ZoneInfo("America/New_York")  # the demo program's: texts never go at night there
    noon = datetime.combine(clock.today("America/New_York"), time(12), tzinfo=zone).astimezone(UTC)
    with server.clock_at(noon):
        journey(new_context, server, browser_log)


def journey(new_context: Callable[..., BrowserContext], server: Server, browser_log: BrowserLog) -> None:
    person = newcomer("texted")
    coordinator = Journey.open(new_context, phone=True)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.goto("/people/new")
    coordinator.arrived("Add a person", re.compile(r"/people/new$"))
    page.get_by_label("Given name").fill(person.given)
    page.get_by_label("Family name").fill(person.family)
    page.get_by_label("Date of birth").fill(date(clock.today().year - 30, 3, 14).isoformat())
    page.get_by_label("Phone").fill(PHONE)
    page.get_by_label("First role").select_option(label="Peer juror")
    page.get_by_role("button", name="Add person").click()
    coordinator.arrived(person.name, re.compile(r"/people/\d+$"))
    person_url = page.url

    # Without consent recorded, a text is refused plainly, and the link stays on the page.
    page.get_by_role("button", name="Create an invitation link").click()
    coordinator.arrived(f"Invitation for {person.name}", re.compile(r"/people/\d+(/links)?$"))
    url = page.get_by_role("textbox", name="The link").input_value()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/welcome/[\w-]{20,}", url), url
    expect(page.get_by_role("button", name="Copy")).to_be_attached()
    page.get_by_label(f"By text message to {E164}").check()
    with browser_log.tolerating(r"status of 400 "):
        page.get_by_role("button", name="Send the link").click()
        expect(page.get_by_role("alert")).to_contain_text("no consent to text messages recorded")
    expect(page.get_by_role("textbox", name="The link")).to_have_value(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"

    # Consent recorded on their page, then a new link goes by text.
    page.goto(person_url)
    coordinator.arrived(person.name, person_url)
    page.get_by_label("How it was given").fill("asked in person at intake")
    page.get_by_role("button", name="Record consent").click()
    coordinator.arrived(person.name, person_url)
    page.get_by_role("button", name="Create an invitation link").click()
    coordinator.arrived(f"Invitation for {person.name}", re.compile(r"/people/\d+(/links)?$"))
    url = page.get_by_role("textbox", name="The link").input_value()
    page.get_by_label(f"By text message to {E164}").check()
    page.get_by_role("button", name="Send the link").click()
    coordinator.arrived(f"Invitation for {person.name}", re.compile(r"/people/\d+(/links(/\d+/send)?)?$"))
    expect(page.locator("#link-sent")).to_contain_text("on its way by text message")

    page.get_by_role("link", name="Outbox").first.click()
    coordinator.arrived("Outbox", re.compile(r"/outbox$"))
    row = page.locator("#outbox tbody tr").filter(has_text=person.name).first
    expect(row).to_contain_text(PHONE)
    expect(row).to_contain_text(re.compile("waiting|sent"))  # (unless the server's own round sent it already)

    printed = send_outbox(server)
    assert f"text to {E164}: jurycourt: set up your account with this link" in printed
    assert url in printed.replace("\n", "")
    page.reload()
    row = page.locator("#outbox tbody tr").filter(has_text=person.name).first
    expect(row).to_contain_text("sent")
    browser_log.assert_clean()
