"""A community member reads the impact page and finds the open data, on a phone and a desktop,
with and without JavaScript; both pages pass an axe scan."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_visitor_reads_the_impact_charts_and_their_tables_and_finds_the_downloads(
    new_context: Callable[..., BrowserContext], phone: bool
):
    visitor = Journey.open(new_context, phone=phone)
    page = visitor.page
    page.goto("/")
    page.get_by_role("link", name="See our impact in numbers").click()
    visitor.arrived("Our impact in numbers", re.compile(r"/impact$"))

    chart = page.get_by_role("img", name=re.compile("Hours of service per month"))
    expect(chart).to_be_visible()
    width = page.viewport_size["width"] if page.viewport_size else 0
    box = chart.bounding_box()
    assert box is not None and 0 < box["width"] <= width, "the chart fits the screen"

    page.get_by_text("The numbers in a table").nth(1).click()
    table = page.locator("#hours-table")
    expect(table).to_be_visible()
    expect(table.get_by_role("cell", name=re.compile(r"\d+ h")).first).to_be_visible()
    visitor.arrived("Our impact in numbers", re.compile(r"/impact$"))  # scanned with the table open

    page.get_by_role("link", name="Download these figures").click()
    visitor.arrived("Open data", re.compile(r"/open-data$"))
    expect(page.get_by_role("link", name="impact.csv")).to_have_attribute("href", "/open-data/impact.csv")


def test_the_impact_page_works_without_javascript(new_context: Callable[..., BrowserContext]):
    visitor = Journey.open(new_context, phone=True, javascript=False)
    page = visitor.page
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Impact").click()
    visitor.arrived("Our impact in numbers", re.compile(r"/impact$"))
    summaries = page.locator("details:not([open]) > summary")
    while summaries.count():  # every folded part opens without JavaScript (the measures without figures too)
        summaries.first.click()
    expect(page.locator("#cases-table")).to_be_visible()
    expect(page.locator("#recommendations-table")).to_be_visible()  # the demo's published inquiry
    expect(page.locator("#justice-table")).to_be_visible()
