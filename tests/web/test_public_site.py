"""The public site has no dead ends: how to take part, whom to ask, how to follow, and an installable app."""

from __future__ import annotations

import json

from jurycourt.demo import DEMO_CONTACT_EMAIL, DEMO_CONTACT_PHONE
from jurycourt.domain.citizens_panels import CitizensPanelStatus
from jurycourt.domain.panels import PanelKind
from jurycourt.models import Mailing, Panel
from tests.web.helpers import Page


async def test_get_involved_names_the_ways_to_serve_the_panels_taking_volunteers_and_whom_to_ask(client, demo):
    recruiting = await Panel.filter(kind=PanelKind.CITIZENS, status=CitizensPanelStatus.RECRUITING).first()
    assert recruiting is not None, "the demo has a citizens' panel taking volunteers"
    home = Page((await client.get("/")).text)
    assert "/get-involved" in home.links and "/panels/citizens" in home.links  # in the public nav
    assert f"/get-involved#program-{demo.id}" in home.links  # the program's card leads somewhere
    assert f"mailto:{DEMO_CONTACT_EMAIL}" in home.links
    response = await client.get("/get-involved")
    page = Page(response.text)
    assert response.status_code == 200 and f"program-{demo.id}" in page.ids
    assert f"/panels/citizens/{recruiting.id}/volunteer" in page.links
    assert f"mailto:{DEMO_CONTACT_EMAIL}" in page.links and "tel:5550102040" in page.links
    assert DEMO_CONTACT_PHONE in page.text and "peer jury" in page.text
    # A panel recruiting by letter takes no volunteers: only the households written to register, by code.
    by_letter = await Mailing.filter(panel__status=CitizensPanelStatus.RECRUITING).first()
    assert by_letter is not None, "the demo has a panel recruiting by letter"
    assert f"/panels/citizens/{by_letter.panel_id}/volunteer" not in page.links


async def test_every_page_names_the_feed_and_following_it_opens_a_page_that_explains_not_raw_xml(client, demo):
    findings = (await client.get("/findings")).text
    assert '<link rel="alternate" type="application/atom+xml"' in findings and 'href="/findings/feed.atom"' in findings
    assert "/findings/follow" in Page(findings).links
    follow = await client.get("/findings/follow")
    assert follow.status_code == 200 and follow.headers["content-type"].startswith("text/html")
    assert 'value="http://testserver/findings/feed.atom" readonly' in follow.text
    topic = await client.get("/findings/follow?topic=time-credits")
    assert 'value="http://testserver/findings/topics/time-credits/feed.atom"' in topic.text


async def test_the_app_is_installable_with_a_manifest_icons_and_an_offline_page(client, demo):
    home = (await client.get("/")).text
    assert 'rel="manifest" href="/static/manifest.json"' in home and 'name="theme-color"' in home
    manifest = json.loads((await client.get("/static/manifest.json")).text)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/me"
    for icon in manifest["icons"]:
        fetched = await client.get(icon["src"])
        assert fetched.status_code == 200 and fetched.headers["content-type"] == icon["type"], icon["src"]
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    worker = await client.get("/service-worker.js")
    assert worker.status_code == 200 and worker.headers["content-type"].startswith("text/javascript")
    assert '"/offline"' in worker.text and "set-cookie" not in worker.headers
    offline = await client.get("/offline")
    assert offline.status_code == 200 and "No connection" in Page(offline.text).text


async def test_a_coordinator_publishes_the_programs_contact_and_a_bad_one_keeps_what_they_typed(client, demo):
    from jurycourt.models import AuditEvent, Program
    from tests.web.helpers import post_form, sign_in

    await sign_in(client, "juror")
    refused = await post_form(client, f"/programs/{demo.id}/contact", {"email": "x@y.org", "phone": ""})
    assert refused.status_code in (403, 404)
    assert "contact-form" not in (await client.get("/get-involved")).text
    client.cookies.clear()
    await sign_in(client, "coordinator")
    bad = await post_form(client, f"/programs/{demo.id}/contact", {"email": "not an address", "phone": "12"})
    assert bad.status_code == 400
    page = Page(bad.text)
    assert page.ids[f"f-email-{demo.id}"]["value"] == "not an address" and "name@example.org" in page.text
    done = await post_form(client, f"/programs/{demo.id}/contact",
                           {"email": " hello@riverside.example ", "phone": "+1 555 010 9999"})
    assert done.status_code == 303 and done.headers["location"] == f"/get-involved#program-{demo.id}"
    program = await Program.get(id=demo.id)
    assert (program.contact_email, program.contact_phone) == ("hello@riverside.example", "+1 555 010 9999")
    assert await AuditEvent.exists(action="program.contact_set", program_id=demo.id)
    client.cookies.clear()
    assert "tel:+15550109999" in Page((await client.get("/get-involved")).text).links
