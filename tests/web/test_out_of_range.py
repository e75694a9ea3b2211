"""Each 500 the fuzzer found on out-of-range input, now a 404, a 400 that says why, or the page."""

from __future__ import annotations

import pytest

from tests.web.helpers import Page, post_form, sign_in

HUGE = "9" * 25


@pytest.mark.parametrize("path", [f"/people/{HUGE}", f"/people/{2**31}", f"/panels/citizens/{2**63}",
                                  "/people/%D9%A1%D9%A2", f"/findings/{'a' * 91}", "/findings/a%00b",
                                  f"/room/1/statements/{2**63}/hide"])
async def test_an_id_or_slug_no_column_could_hold_is_no_page(client, demo, path):
    await sign_in(client, "coordinator")
    response = await (post_form(client, path) if path.endswith("hide") else client.get(path))
    assert response.status_code == 404


async def test_a_keyset_cursor_with_a_huge_id_or_year_shows_the_first_page(client, demo):
    first = await client.get("/findings")
    for cursor in (f"2026-01-01T00:00:00+00:00_{HUGE}", "0001-01-01T00:00:00+14:00_1", "9999-12-31T23:59:59-14:00_1"):
        response = await client.get("/findings", params={"after": cursor})
        assert response.status_code == 200
        assert Page(response.text).text == Page(first.text).text


async def test_the_calendar_at_the_end_of_time_shows_today(client, demo):
    await sign_in(client, "coordinator")
    for day in ("9999-12-31", "0001-01-01", "٢٠٢٦-٠١-٠١"):
        assert (await client.get("/calendar", params={"date": day})).status_code == 200


async def test_an_audit_date_out_of_range_is_refused_beside_its_field(client, demo):
    await sign_in(client, "coordinator")
    response = await client.get("/audit", params={"from": "0001-01-01", "to": "9999-12-31", "before": HUGE})
    assert response.status_code == 400
    assert "between the years 1900 and 2200" in Page(response.text).text


async def test_an_export_range_out_of_range_is_refused_with_the_range(client, demo):
    await sign_in(client, "coordinator")
    response = await client.get("/credits/postings.csv", params={"from": "2026-01-01", "to": "9999-12-31"})
    assert response.status_code == 400
    assert "between the years 1900 and 2200" in Page(response.text).text


async def test_nul_in_a_search_or_a_login_is_not_a_server_error(client, demo):
    response = await post_form(client, "/login", {"login": "coord\x00inator", "password": "wrong"})
    assert response.status_code in (400, 422)
    await sign_in(client, "coordinator")
    response = await client.get("/people", params={"q": "\x00"})
    assert response.status_code == 200


async def test_a_form_id_no_column_could_hold_is_refused_beside_its_field(client, demo):
    await sign_in(client, "coordinator")
    response = await post_form(client, "/hearings/new", {"kind": "jury_hearing", "starts_at": "9999-12-31T23:59",
                                                         "ends_at": "2026-01-01T10:00", "room": HUGE})
    assert response.status_code == 400
    text = Page(response.text).text
    assert "between the years 1900 and 2200" in text and "Choose a room from the list." in text
