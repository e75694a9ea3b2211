"""A coordinator produces the last closed quarter's outcomes report and downloads it for the funder."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt import clock
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.measures import last_closed_quarter
from tests.browser.conftest import BrowserLog
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser


def test_a_coordinator_produces_a_quarterly_report_and_downloads_it(
        new_context: Callable[..., BrowserContext], browser_log: BrowserLog):
    quarter = last_closed_quarter(clock.today())
    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outcomes").click()
    coordinator.arrived(re.compile(r"^Outcomes report"), re.compile(r"/outcomes$"))
    page.get_by_label("From", exact=True).fill(quarter.start.isoformat())
    page.get_by_label("To", exact=True).fill(quarter.end.isoformat())
    page.get_by_role("button", name="Show the report").click()
    coordinator.arrived(re.compile(r"^Outcomes report"), re.compile(rf"from={quarter.start}&to={quarter.end}"))
    measures = page.locator("#measures")
    expect(measures).to_contain_text("Youth referred")
    expect(measures).to_contain_text("Re-referred within 12 months")
    expect(page.get_by_role("img", name="Cases referred, completed and returned per month")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    saved = download.value
    assert saved.suggested_filename == f"outcomes-{quarter.start}_{quarter.end}.pdf"
    with open(saved.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    browser_log.assert_clean()
