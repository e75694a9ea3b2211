"""Where coordinators must use two-step sign-in (the production default), they can do nothing else first."""

from __future__ import annotations

import pytest

from jurycourt.models import Account
from tests.databases import settings_for
from tests.web.helpers import Page, post_form, sign_in
from tests.web.two_factor_helpers import code_for, enrol


@pytest.fixture(autouse=True)
def _stopped_clock(fixed_clock):
    """The program clock stands still: the codes computed here never straddle a 30-second step."""
    return fixed_clock


@pytest.fixture
def settings(database_url):
    return settings_for(database_url).with_(coordinator_totp="1")


async def test_a_coordinator_without_totp_is_sent_to_enrolment_from_everywhere(client, demo):
    await sign_in(client, "coordinator")
    for path in ["/me", "/people", "/cases", "/credits", "/audit"]:
        response = await client.get(path)
        assert (response.status_code, response.headers.get("location")) == (303, "/me/two-factor"), path
    page = Page((await client.get("/me/two-factor")).text)
    refused_post = await client.post("/people/new", data={"csrf_token": page.csrf, "given_name": "X",
                                                          "family_name": "Y"})
    assert refused_post.headers.get("location") == "/me/two-factor"
    assert "Coordinators must use two-step sign-in here" in page.text


async def test_once_enrolled_the_coordinator_works_and_cannot_turn_it_off(client, demo):
    await sign_in(client, "coordinator")
    secret, _codes = await enrol(client)
    assert (await client.get("/people")).status_code == 200
    page = Page((await client.get("/me/two-factor")).text)
    assert "Turn two-step sign-in off" not in page.text
    refused = await post_form(client, "/me/two-factor/off", {"off-password": "jurycourt-demo",
                                                            "off-code": code_for(secret, 1)})
    assert refused.status_code == 400
    assert (await Account.get(login="coordinator")).totp_enabled_at is not None


async def test_other_people_are_not_made_to_enrol(client, demo):
    await sign_in(client, "juror")
    assert (await client.get("/me")).status_code == 200


async def test_signing_out_stays_possible(client, demo):
    await sign_in(client, "coordinator")
    token = Page((await client.get("/me/two-factor")).text).csrf
    out = await client.post("/logout", data={"csrf_token": token})
    assert (out.status_code, out.headers["location"]) == (303, "/")
    assert (await client.get("/me")).headers["location"].startswith("/login")
