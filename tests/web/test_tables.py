"""Every table keeps its header row on a phone: one macro draws them all, in a named scrolling region.

The browser side (the header text is visible at 390 px) is in tests/browser/test_everyday_journeys.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from jurycourt.models import Account
from tests.web.helpers import sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MACRO = TEMPLATES / "_macros" / "ui.html"


def test_every_table_in_the_templates_is_drawn_by_the_one_table_macro():
    stray = [str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")
             if path != MACRO and "<table" in path.read_text()]
    assert stray == [], f"tables written by hand (use ui.html's table macro): {stray}"


class Tables(HTMLParser):
    """Each table of a page: whether it sits in a named region, its column headers, its rows' widths."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._regions: list[bool] = []
        self._table: dict | None = None
        self._section = ""
        self._header = False
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div":
            self._regions.append("table-scroll" in (a.get("class") or "") and a.get("role") == "region"
                                 and bool(a.get("aria-label")) and a.get("tabindex") == "0")
        elif tag == "table":
            self._table = {"in_region": bool(self._regions) and self._regions[-1], "headers": [], "rows": []}
            self.tables.append(self._table)
        elif self._table is not None and tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif self._table is not None and tag == "tr" and self._section != "thead":
            self._table["rows"].append(0)
        elif self._table is not None and tag in ("td", "th"):
            if self._section == "thead":
                self._header, self._text = True, []
            else:
                self._table["rows"][-1] += int(a.get("colspan") or 1)

    def handle_data(self, data):
        if self._header:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "div" and self._regions:
            self._regions.pop()
        elif tag == "table":
            self._table = None
        elif tag == "th" and self._header and self._table is not None:
            self._table["headers"].append(" ".join("".join(self._text).split()))
            self._header = False


async def coordinator_pages(client) -> list[str]:
    tanya = (await Account.get(login="respondent")).person_id
    return ["/people", f"/people/{tanya}", f"/people/{tanya}/credits", "/credits", "/audit", "/outbox",
            "/publications", "/inquiries", "/rooms", "/calendar?view=month", "/calendar?view=week", "/impact"]


async def test_every_table_a_coordinator_sees_has_a_named_header_for_each_column(client, demo):
    await sign_in(client, "coordinator")
    seen = 0
    for path in await coordinator_pages(client):
        response = await client.get(path)
        assert response.status_code == 200, path
        for number, table in enumerate(Tables(response.text).tables, start=1):
            seen += 1
            where = f"{path}, table {number}"
            assert table["in_region"], f"{where} is not in the scrolling region of the table macro"
            assert table["headers"] and all(table["headers"]), f"{where} has a column without header text"
            wrong = [width for width in table["rows"] if width != len(table["headers"])]
            assert not wrong, f"{where}: rows of {wrong} cells under {len(table['headers'])} headers"
    assert seen >= 12  # the pages above hold at least this many tables: the walk really read them
