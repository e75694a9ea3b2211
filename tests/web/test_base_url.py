"""Links and feed ids are built from JURYCOURT_BASE_URL, never from the request's Host header: a
request sent with another Host (or X-Forwarded-Host) can't make the site hand out a link elsewhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from jurycourt.models import Membership, Person, Publication
from tests.databases import settings_for
from tests.web.helpers import Page, post_form, sign_in

BASE = "https://jury.example.org"
FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def settings(database_url):
    return settings_for(database_url, base_url=BASE)


async def test_an_invitation_link_is_built_on_the_base_url_whatever_the_host_header(client, demo):
    await sign_in(client, "coordinator")
    person = await Person.create(given_name="Imani", family_name="Castillo")
    await Membership.create(person=person, program=demo, role="juror")

    response = await post_form(client, f"/people/{person.id}/links", {"kind": "invite"}, headers=FORGED)

    assert response.status_code == 200
    link = Page(response.text).ids["access-link"]["href"]
    assert link.startswith(BASE + "/welcome/")
    assert "evil.example" not in response.text


async def test_the_feed_names_itself_and_its_entries_on_the_base_url(client, demo):
    assert await Publication.filter(state="published").exists()
    response = await client.get("/findings/feed.atom", headers=FORGED)

    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    addresses = [feed.find(f"{ATOM}id").text] + [e.get("href") for e in feed.iter(f"{ATOM}link")]
    assert all(address.startswith(BASE + "/") for address in addresses), addresses
    assert "evil.example" not in response.text
