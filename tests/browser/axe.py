"""Accessibility scans with axe-core, injected into the page under test.

axe is injected with ``page.evaluate`` (a DevTools evaluation, which our CSP does not govern),
never with a <script> tag or by switching the CSP off: the page is scanned exactly as served.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

#: Violations of these impacts fail the test; the others are reported alongside them.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}
"""


@functools.cache
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run `npm ci` in the repository root.",
                    pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")


def violations(page: Page) -> list[dict]:
    """Every axe violation on the page as it is now (axe is injected once per document)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(_RUN_AXE)


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        lines.extend(f"    {n['target']}: {(n['summary'] or '').replace(chr(10), ' / ')}"
                     for n in v["nodes"])
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail on any serious or critical axe violation on the page, listing every violation, and on a page
    wider than its window (WCAG 1.4.10, reflow): on a phone that zooms the whole page out, and taps land
    on the wrong element."""
    assert_reflows(page)
    found = violations(page)
    blocking = [v for v in found if v["impact"] in BLOCKING_IMPACTS]
    if found:
        # Shown with the test's output: lesser findings are worth reading even when they pass.
        print(f"axe on {page.url}:\n{describe(found)}")
    assert not blocking, (
        f"axe found {len(blocking)} serious or critical accessibility problem(s) on {page.url}:\n"
        f"{describe(blocking)}\n(all findings: {json.dumps([v['id'] for v in found])})"
    )


WIDER_THAN_WINDOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth + 1) return null;
  const scrolls = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== "visible") return true; } return false; };
  const past = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1 && !scrolls(e));
  return {page: root.scrollWidth, window: root.clientWidth,
          past: past.slice(0, 5).map(e => e.tagName.toLowerCase() + " " + (e.textContent || "").trim().slice(0, 30))};
}"""


def assert_reflows(page: Page) -> None:
    """Fail when the page is wider than the window, so that it would scroll (or zoom out) sideways."""
    wider = page.evaluate(WIDER_THAN_WINDOW)
    assert wider is None, f"{page.url} is {wider['page']} px wide in a {wider['window']} px window: {wider['past']}"
