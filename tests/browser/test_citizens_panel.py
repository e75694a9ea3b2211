"""A coordinator charters a citizens' panel, imports a pool, sets quotas, publishes the commitment, runs the
draw in the worker process, watches its progress (shown as the page opens, then followed without a reload
until the result) and reads the probabilities and the panel. Every page is scanned with axe-core on arrival."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from jurycourt.demo import DEMO_PASSWORD
from tests.browser.conftest import BrowserLog
from tests.browser.test_onboarding import Journey

pytestmark = pytest.mark.browser


def _pool_csv() -> bytes:
    rows = ["reference,name,contact,address,Age band,Gender"]
    for i in range(24):
        rows.append(f"B{i},Pool Person{i},,{i // 2 if i < 6 else i} Birch Road,{['Under 40', '40+'][i % 3 == 0]},"
                    f"{['Woman', 'Man'][i % 2]}")
    return ("\ufeff" + "\n".join(rows) + "\n").encode()


def test_a_coordinator_draws_a_citizens_panel_and_sees_the_probabilities(
        new_context: Callable[..., BrowserContext], browser_log: BrowserLog):
    coordinator = Journey.open(new_context)
    coordinator.sign_in("coordinator", DEMO_PASSWORD)
    page = coordinator.page
    page.goto("/panels/citizens")
    coordinator.arrived("Citizens' panels", re.compile(r"/panels/citizens$"))
    page.get_by_role("link", name="Charter a citizens' panel").click()
    coordinator.arrived("Charter a citizens' panel", re.compile(r"/panels/citizens/new$"))
    page.get_by_label("Title").fill("Library hours panel")
    page.get_by_label("The panel's question").fill("When should the library open?")
    page.get_by_label("Panel size").fill("4")
    page.get_by_label("Reserves to rank").fill("2")
    page.get_by_label("Categories the panel stratifies on").fill("Age band: Under 40, 40+\nGender: Woman, Man")
    page.get_by_role("button", name="Charter the panel").click()
    coordinator.arrived("Library hours panel", re.compile(r"/panels/citizens/\d+$"))

    page.get_by_label("CSV file").set_input_files(files=[{"name": "pool.csv", "mimeType": "text/csv",
                                                          "buffer": _pool_csv()}])
    page.get_by_role("button", name="Import").click()
    coordinator.arrived("Library hours panel", re.compile(r"/panels/citizens/\d+\?imported=24$"))
    expect(page.locator("#pool-size")).to_have_text("24")

    for label, value in [("Minimum for Gender Woman", "2"), ("Minimum for Gender Man", "2"),
                         ("Maximum for Gender Woman", "2"), ("Minimum for Age band 40+", "1")]:
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Save the quotas").click()
    coordinator.arrived("Library hours panel", re.compile(r"/panels/citizens/\d+$"))
    expect(page.get_by_label("Maximum for Gender Woman")).to_have_value("2")

    page.get_by_role("button", name="Publish the commitment").click()
    coordinator.arrived("Library hours panel", re.compile(r"/panels/citizens/\d+$"))
    expect(page.locator("#commitment")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))

    page.get_by_label("Value announced in public").fill("8 15 23 42")
    page.get_by_role("button", name="Draw the panel").click()
    # The page opens on the run under way (the worker process takes seconds to load the library): its
    # progress bar and percentage, followed live, then replaced in place by the result when it is done.
    progress = page.locator("#draw-progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("max", "100")
    expect(progress).to_have_accessible_name("Progress")
    expect(page.locator("#draw-status")).to_contain_text(re.compile(r"\d+% — \S"))
    page.evaluate("document.body.dataset.loadedOnce = 'yes'")  # gone if the page reloads instead
    coordinator.arrived(re.compile(r"^The draw #\d+$"), re.compile(r"/panels/citizens/\d+/draws/\d+$"))
    expect(page.locator("#draw-done")).to_be_visible(timeout=300_000)
    expect(progress).to_have_count(0)
    expect(page.locator("body")).to_have_attribute("data-loaded-once", "yes")
    page.get_by_role("link", name="Show the result").click()
    coordinator.arrived(re.compile(r"^The draw #\d+$"), re.compile(r"/draws/\d+$"))
    expect(page.locator("#selected li")).to_have_count(4)
    expect(page.locator("#reserve-list li")).to_have_count(2)
    expect(page.get_by_role("img", name=re.compile("Selection probability of each of 24 volunteers"))).to_be_visible()
    expect(page.locator("#chart-summary")).to_contain_text("24 volunteers")
    page.get_by_text("Every volunteer's probability (table)").click()
    expect(page.locator("#probabilities tbody tr")).to_have_count(24)

    page.get_by_role("link", name=re.compile("Library hours panel")).click()
    coordinator.arrived("Library hours panel", re.compile(r"/panels/citizens/\d+$"))
    expect(page.locator("#members li")).to_have_count(4)
    expect(page.locator("#seed")).to_have_text(re.compile(r"^\d+$"))
