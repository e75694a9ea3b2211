"""A duty offers Google, Apple and Outlook calendar links; feed and invitation addresses a Copy button."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from jurycourt.models import Account
from tests.web.helpers import Page, post_form, sign_in


async def test_a_jurors_duty_opens_filled_in_in_google_or_outlook_or_as_an_apple_file(client, demo):
    await sign_in(client, "juror")
    page = Page((await client.get("/me")).text)
    google = [link for link in page.links if link.startswith("https://calendar.google.com/")]
    outlook = [link for link in page.links if link.startswith("https://outlook.live.com/")]
    assert google and outlook and any(re.match(r"^/hearings/\d+/calendar\.ics$", link) for link in page.links)
    query = parse_qs(urlsplit(google[0]).query)
    assert query["action"] == ["TEMPLATE"] and re.fullmatch(r"\d{8}T\d{6}Z/\d{8}T\d{6}Z", query["dates"][0])
    assert query["text"][0]


async def test_the_feed_address_and_an_invitation_link_have_a_copy_button_that_waits_for_javascript(client, demo):
    await sign_in(client, "juror")
    response = await post_form(client, "/me/calendar-feed")
    html = response.text if response.status_code == 200 else (await client.get(response.headers["location"])).text
    assert re.search(r'<button type="button" class="secondary" data-copy="feed-url"[^>]* hidden>', html)
    client.cookies.clear()
    await sign_in(client, "coordinator")
    person = (await Account.get(login="juror")).person_id
    link = await post_form(client, f"/people/{person}/links", {"kind": "reset"})
    html = link.text if link.status_code == 200 else (await client.get(link.headers["location"])).text
    assert 'data-copy="access-link-field"' in html and 'id="access-link-field"' in html
