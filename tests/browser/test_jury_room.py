"""Three jurors in three browsers deliberate live; one of them has JavaScript switched off.

Statements posted in one browser appear in the others without a reload (the room polls its
live part); the juror without JavaScript posts with a plain form and sees the thread after the
redirect. The juror's room is scanned with axe at phone width.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.conftest import Server
from tests.browser.test_jury_room_night import lead
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _room(server: Server) -> int:
    env = {**os.environ, "JURYCOURT_ENVIRONMENT": "development",
           "JURYCOURT_DATABASE_URL": f"sqlite://{server.log.parent / 'jurycourt.sqlite3'}",
           "JURYCOURT_SECRET_KEY": "browser-test-secret-" + "x" * 32,
           "JURYCOURT_PSEUDONYM_KEY": "p" * 40, "JURYCOURT_PASSWORD_HASHING": "cheapest"}
    done = subprocess.run([sys.executable, "-m", "tests.browser.room_setup"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def _post(journey: Journey, text: str) -> None:
    journey.page.get_by_label("Your statement").fill(text)
    journey.page.get_by_role("button", name="Post").click()


def test_three_jurors_see_each_others_statements_appear_without_reloading(
        new_context: Callable[..., BrowserContext], server: Server, browser_log):
    url = f"/room/{_room(server)}"
    foreperson = Journey.open(new_context)
    foreperson.sign_in("foreperson", DEMO_PASSWORD)
    foreperson.page.goto(url)
    foreperson.arrived("Jury room", re.compile(re.escape(url) + "$"))
    for phase in ("Open questioning", "Open deliberation"):
        lead(foreperson.page, phase)
    expect(foreperson.page.get_by_role("heading", name="Now: Deliberation")).to_be_visible()

    juror = Journey.open(new_context, phone=True)
    juror.sign_in("juror", DEMO_PASSWORD)
    juror.page.goto(url)
    juror.arrived("Jury room", re.compile(re.escape(url) + "$"))
    offline = Journey.open(new_context, javascript=False)
    offline.sign_in("roomjuror", DEMO_PASSWORD)
    offline.page.goto(url)
    offline.arrived("Jury room", re.compile(re.escape(url) + "$"))

    foreperson.page.evaluate("window.stillTheSamePage = true")
    juror.page.evaluate("window.stillTheSamePage = true")
    _post(juror, "They owned up straight away.")
    expect(juror.page.locator("#room-live")).to_contain_text("They owned up straight away.")
    expect(foreperson.page.locator("#room-live")).to_contain_text("They owned up straight away.")

    _post(offline, "An essay would help them think it through.")
    expect(offline.page).to_have_url(re.compile(re.escape(url) + "$"))
    expect(offline.page.locator("#room-live")).to_contain_text("They owned up straight away.")
    for journey in (foreperson, juror):
        expect(journey.page.locator("#room-live")).to_contain_text("An essay would help them think it through.")
        assert journey.page.evaluate("window.stillTheSamePage") is True
    assert_accessible(juror.page)
    browser_log.assert_clean()
