"""Answers to every recommendation: the public tracker of a program's published recommendations (inquiry
findings and citizens' panel recommendations together), the coordinators' follow-up of the panels'
recommendations, and the reminders to overdue bodies."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta

from jurycourt import clock
from jurycourt.actions.recommendation_reminders import KIND, enqueue_overdue_reminders
from jurycourt.demo import DEMO_ACCOUNTS
from jurycourt.domain.publication import PublicationState
from jurycourt.models import Finding, OutboxMessage, Panel, PanelRecommendation, Publication, StatusChange
from tests import nu_validator
from tests.web.helpers import Page, client_for, post_form, sign_in

LIBRARY = "Keep the recreation centre open until 10 pm on Fridays."
BASKETBALL = "Give every restorative agreement a named adult mentor."


async def _panel_items():
    panel = await Panel.get(title="Minor disorder panel")
    return {r.text: r for r in await PanelRecommendation.filter(panel_id=panel.id)}


async def test_the_public_tracker_shows_every_published_recommendation_with_its_status_and_filters(client, demo):
    page = await client.get(f"/recommendations?program={demo.id}")
    text = Page(page.text).text
    assert page.status_code == 200
    for words in (*(await _panel_items()), "certify teenagers"):  # the panel's five and the inquiry's
        assert words.lower() in text.lower()
    assert "In progress" in text and "milestone: The first thirty referrals heard (75%)" in text and "overdue" in text
    assert Page(page.text).ids["tracker-total"] and nu_validator.messages({"tracker": page.text}) == []

    parks = f"/recommendations?program={demo.id}&body=parks+and+recreation+department"
    library = Page((await client.get(parks)).text).text
    assert LIBRARY in library and BASKETBALL not in library and "1 recommendation shown." in library
    rejected = Page((await client.get(f"/recommendations?program={demo.id}&status=rejected")).text).text
    assert BASKETBALL in rejected and LIBRARY not in rejected and "Rejected" in rejected

    download = await client.get(f"/recommendations.csv?program={demo.id}&status=rejected")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert download.headers["content-type"].startswith("text/csv")
    assert {r["status"] for r in rows} == {"rejected"} and any(BASKETBALL in r["recommendation"] for r in rows)


async def test_nothing_unpublished_withheld_or_identifying_appears_on_the_tracker(client, demo):
    items = await _panel_items()
    drawn = await Panel.get(title="Riverside youth reoffending panel")
    draft = await Publication.create(program=demo, kind="panel_recommendations", slug="draft-recs", title="Draft",
                                     state=PublicationState.DRAFT)
    await PanelRecommendation.create(panel=drawn, text="A draft the public must not read.", votes_for=9,
                                     votes_against=1, voted_at=clock.now(), publication=draft)
    # a note naming a respondent (a minor) slipped into the timeline: the guard leaves the item out
    await StatusChange.create(recommendation=items[BASKETBALL], status="rejected", reason="Tanya Reyes asked for it.",
                              changed_on=clock.today())
    text = Page((await client.get(f"/recommendations?program={demo.id}")).text).text
    assert "A draft the public must not read." not in text and BASKETBALL not in text and "Tanya" not in text
    assert LIBRARY in text
    await Publication.filter(slug="responding-to-minor-disorder").update(withheld_at=clock.now())
    assert LIBRARY not in (await client.get(f"/recommendations.csv?program={demo.id}")).text


async def test_a_coordinator_names_the_body_records_the_response_and_the_milestones(client, demo):
    library = (await _panel_items())[LIBRARY]
    base = f"/recommendations/{library.id}"
    await sign_in(client, "coordinator")
    follow_up = (await client.get(f"/recommendations/follow-up?program={demo.id}")).text
    assert f"panel-{library.id}" in Page(follow_up).ids
    refused = await post_form(client, f"{base}/status?program={demo.id}",
                              {f"status-{library.id}": "rejected", f"milestone-{library.id}": "kept words"})
    assert refused.status_code == 400 and "Say why the recommendation was rejected." in refused.text
    assert 'value="kept words"' in refused.text
    assert nu_validator.messages({"follow-up": follow_up, "refused": refused.text}) == []
    today = clock.today(demo.time_zone).isoformat()
    assert (await post_form(client, f"{base}/responses?program={demo.id}", {
        f"stance-{library.id}": "agrees", f"response-{library.id}": "The board will try it this term.",
        f"responded_on-{library.id}": today})).status_code == 303
    for status, milestone in (("accepted", ""), ("in_progress", "Staff rota agreed")):
        assert (await post_form(client, f"{base}/status?program={demo.id}", {
            f"status-{library.id}": status, f"milestone-{library.id}": milestone,
            f"progress-{library.id}": "25" if milestone else ""})).status_code == 303
    assert (await post_form(client, f"{base}/body?program={demo.id}",
                            {f"body_named-{library.id}": "County Library Service"})).status_code == 303
    client.cookies.clear()
    text = Page((await client.get(f"/recommendations?program={demo.id}&body=County+Library+Service")).text).text
    assert LIBRARY in text and "The board will try it this term." in text
    assert "milestone: Staff rota agreed (25%)" in text


async def test_who_may_open_the_tracker_and_the_follow_up(app, demo):
    library = (await _panel_items())[LIBRARY]
    got, want = {}, {}
    for login in [*DEMO_ACCOUNTS, None]:
        async with client_for(app) as client:
            if login:
                await sign_in(client, login)
            coordinator = login in ("coordinator", "coordinator2")
            got[login] = (
                (await client.get(f"/recommendations?program={demo.id}")).status_code,
                (await client.get(f"/recommendations.csv?program={demo.id}")).status_code,
                (await client.get(f"/recommendations/follow-up?program={demo.id}")).status_code,
                (await post_form(client, f"/recommendations/{library.id}/body?program={demo.id}",
                                 {f"body_named-{library.id}": "Someone else"})).status_code)
            want[login] = (200, 200, 200 if coordinator else 303 if login is None else 404,
                           303 if coordinator or login is None else 404)
    assert got == want
    assert (await PanelRecommendation.get(id=library.id)).body_named == "Someone else"  # (a coordinator's post)


async def test_an_overdue_body_is_reminded_once_per_step_never_twice(demo):
    queued = await OutboxMessage.filter(kind=KIND).values_list("subject", flat=True)
    assert "No answer yet from Parks and Recreation Department" in queued  # the demo's round queued it
    today = clock.today(demo.time_zone)
    noon = datetime.combine(today, time(12), UTC)
    assert await enqueue_overdue_reminders(noon) == 0
    assert await enqueue_overdue_reminders(noon + timedelta(hours=3)) == 0
    later = await enqueue_overdue_reminders(noon + timedelta(days=40))  # a month on: the next step, once
    assert later > 0 and await enqueue_overdue_reminders(noon + timedelta(days=41)) == 0
    keys = await OutboxMessage.filter(kind=KIND).values_list("dedupe_key", flat=True)
    assert len(keys) == len(set(keys))


async def test_an_inquirys_recommendation_gets_its_milestones_through_the_same_follow_up(client, demo):
    counsellors = await Finding.get(title="Certified teen peer counsellors").select_related("inquiry")
    url = f"/inquiries/{counsellors.inquiry_id}/findings/{counsellors.id}/status"
    await sign_in(client, "coordinator")
    refused = await post_form(client, url, {f"status-{counsellors.id}": "in_progress"})  # in progress already
    assert refused.status_code == 400 and "Name the milestone reached." in refused.text
    assert (await post_form(client, url, {f"status-{counsellors.id}": "in_progress",
                                          f"milestone-{counsellors.id}": "Twenty counsellors certified",
                                          f"progress-{counsellors.id}": "60"})).status_code == 303
    client.cookies.clear()
    text = Page((await client.get(f"/recommendations?program={demo.id}&status=in_progress")).text).text
    assert "milestone: Twenty counsellors certified (60%)" in text
