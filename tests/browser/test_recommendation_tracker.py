"""A community member follows what became of the program's recommendations on a 390 px phone: the
status chart, the filters (a GET form), and nothing wider than the screen; the page passes axe."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, expect

from tests.browser.test_onboarding import Journey


def test_a_resident_filters_the_recommendation_tracker_on_a_phone(new_context: Callable[..., BrowserContext],
                                                                  browser_log):
    visitor = Journey.open(new_context, phone=True)
    page = visitor.page
    page.goto("/recommendations")
    visitor.arrived("What became of our recommendations", re.compile(r"/recommendations$"))
    expect(page.get_by_role("table", name="Published recommendations by status")).to_be_visible()
    page.get_by_label("Body").select_option("Parks and Recreation Department")
    page.get_by_role("button", name="Show").click()
    visitor.arrived("What became of our recommendations", re.compile(r"body=Parks"))
    expect(page.locator("#tracker-count")).to_contain_text("1 recommendation shown. 1 answer is overdue.")
    expect(page.get_by_text("Keep the recreation centre open until 10 pm on Fridays.")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the tracker is {width}px wide on a 390px phone"
    browser_log.assert_clean()
