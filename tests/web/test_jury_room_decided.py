"""The room's whole life after the vote: the seated jurors keep a read-only decided view for the
program's time, then the room closes to them with a clear page (never "not found"); errors
answered to htmx requests are fragments, never a whole page to nest inside one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jurycourt.models import Deliberation, Program, Seat
from tests.web.helpers import Page, post_form, sign_in
from tests.web.members import person_id
from tests.web.room_helpers import room_on_hearing_day

HX = {"HX-Request": "true", "HX-Request-Type": "partial"}
JURY = ("foreperson", "juror", "juror2")


@pytest.fixture
async def entry(demo):
    return await room_on_hearing_day(demo)


async def _lead(client, entry, step: str) -> None:
    await sign_in(client, "foreperson")
    assert (await post_form(client, f"/room/{entry.id}/lead", {"step": step, "confirmed": "yes"})).status_code == 303


async def _decide(client, entry) -> None:
    """Jury duty 5 sessions, community service 10 hours and an essay, carried 2 to 1."""
    for _ in range(2):
        await _lead(client, entry, "next")
    await sign_in(client, "juror")
    await post_form(client, f"/room/{entry.id}/proposals", {"kind_1": "jury_duty", "quantity_1": "5",
                                                            "kind_2": "community_service", "quantity_2": "10",
                                                            "kind_3": "essay"})
    await _lead(client, entry, "next")
    proposal = (await Deliberation.get(case_id=entry.case_id)).under_vote_id
    for login, choice in zip(JURY, ("yes", "yes", "no"), strict=True):
        await sign_in(client, login)
        await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(proposal), "in_favour": choice,
                                                            "reason": "Fair."})
    await _lead(client, entry, "decide")


async def test_a_juror_polling_the_room_when_the_decision_is_recorded_gets_the_decided_view_in_place(
        client, entry):
    await sign_in(client, "juror")
    before = await client.get(f"/room/{entry.id}/live", headers=HX)
    await _decide(client, entry)
    await sign_in(client, "juror")
    after = await client.get(f"/room/{entry.id}/live", headers={**HX, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert "<html" not in after.text and "site-header" not in after.text
    page = Page(after.text)
    assert page.ids["room"]["hx-trigger"] == "every 60s"
    text = page.text
    assert "The jury has decided" in text
    assert "Community service: 10 hours" in text and "Essay" in text
    assert "2 in favour and 1 against, of 3 jurors seated" in text
    assert "What happens next" in text and "This page stays open until" in text
    assert "Take part" not in text and "<form" not in after.text


async def test_the_decided_view_tells_each_juror_the_time_they_will_be_credited(client, entry):
    await _decide(client, entry)
    seat = await Seat.get(hearing_id=entry.hearing_id, person_id=await person_id("juror"))
    checked_in = datetime.now(UTC) - timedelta(hours=2)
    await Seat.filter(id=seat.id).update(checked_in_at=checked_in, checked_out_at=checked_in + timedelta(minutes=124))
    await sign_in(client, "juror")
    credited = Page((await client.get(f"/room/{entry.id}")).text).ids
    assert "decided-credit" in credited
    text = Page((await client.get(f"/room/{entry.id}")).text).text
    assert "You will be credited 2 h once the coordinator marks the hearing held." in text
    await sign_in(client, "juror2")
    assert "if you stay until the hearing ends" in Page((await client.get(f"/room/{entry.id}")).text).text


async def test_me_leads_with_the_decided_room_while_it_stays_open(client, entry):
    await sign_in(client, "juror")
    before = Page((await client.get("/me")).text)
    assert f"/room/{entry.id}" in before.links and "Open the jury room" in before.text
    await _decide(client, entry)
    await sign_in(client, "juror")
    after = Page((await client.get("/me")).text)
    assert f"/room/{entry.id}" in after.links and "See the decision" in after.text


async def test_the_room_closes_to_jurors_with_a_clear_page_once_the_decided_views_time_is_over(
        client, demo, entry):
    await _decide(client, entry)
    hours = 24
    await Deliberation.filter(case_id=entry.case_id).update(
        sealed_at=datetime.now(UTC) - timedelta(hours=hours, minutes=1))
    for login in JURY:
        await sign_in(client, login)
        page = await client.get(f"/room/{entry.id}")
        assert page.status_code == 410
        assert "This jury room has closed." in Page(page.text).text
        live = await client.get(f"/room/{entry.id}/live", headers=HX)
        assert live.status_code == 410 and "<html" not in live.text
        assert "This jury room has closed." in Page(live.text).text and "hx-trigger" not in live.text
        assert f"/room/{entry.id}" not in Page((await client.get("/me")).text).links
    await sign_in(client, "panelist")
    assert (await client.get(f"/room/{entry.id}")).status_code == 404
    await sign_in(client, "coordinator")
    assert (await client.get(f"/room/{entry.id}")).status_code == 200


async def test_a_program_sets_how_long_the_decided_view_stays_open(client, demo, entry):
    program = await Program.get(id=demo.id)
    await Program.filter(id=program.id).update(rules={**(program.rules or {}), "decided_room_hours": 0})
    await _decide(client, entry)
    await sign_in(client, "juror")
    assert (await client.get(f"/room/{entry.id}")).status_code == 410


async def test_an_htmx_request_after_the_session_ended_is_sent_to_sign_in_and_back_to_its_page(client, entry):
    await sign_in(client, "juror")
    await post_form(client, "/logout")
    response = await client.get(f"/room/{entry.id}/live",
                                headers={**HX, "HX-Current-URL": f"http://testserver/room/{entry.id}"})
    assert response.status_code == 401
    assert response.headers["hx-redirect"] == f"/login?next=%2Froom%2F{entry.id}"
    assert "<html" not in response.text and "Sign in" in Page(response.text).text
    elsewhere = await client.get(f"/room/{entry.id}/live", headers={**HX, "HX-Current-URL": "https://evil.example//x"})
    assert elsewhere.headers["hx-redirect"] == "/login?next=%2Fme"
    plain = await client.get(f"/room/{entry.id}")
    assert plain.status_code == 303 and plain.headers["location"] == f"/login?next=%2Froom%2F{entry.id}"


async def test_errors_answered_to_htmx_fragments_are_short_notices_not_pages(client, entry):
    await sign_in(client, "panelist")
    missing = await client.get(f"/room/{entry.id}/live", headers=HX)
    assert missing.status_code == 404
    assert "<html" not in missing.text and "site-header" not in missing.text
    assert "Page not found" in Page(missing.text).text
    full = await client.get(f"/room/{entry.id}")
    assert full.status_code == 404 and "site-header" in full.text


async def test_each_irreversible_step_asks_first_saying_what_will_change_and_changes_nothing_until_confirmed(
        client, entry):
    await sign_in(client, "foreperson")
    assert "confirm-dialog" in Page((await client.get(f"/room/{entry.id}")).text).ids
    asked = await post_form(client, f"/room/{entry.id}/lead", {"step": "next"})
    assert asked.status_code == 200
    page = Page(asked.text)
    assert "Open questioning?" in page.text and "can't go back to preparing" in page.text
    assert "This can't be undone." in page.text
    assert 'name="confirmed" value="yes"' in asked.text and f'href="/room/{entry.id}"' in asked.text
    assert (await Deliberation.filter(case_id=entry.case_id).first()) is None  # nothing changed yet
    partial = await post_form(client, f"/room/{entry.id}/lead", {"step": "next"}, headers=HX)
    assert "<html" not in partial.text and Page(partial.text).ids["room"]["class"] == "confirm-step"
    done = await post_form(client, f"/room/{entry.id}/lead", {"step": "next", "confirmed": "yes"})
    assert done.status_code == 303
    assert (await Deliberation.get(case_id=entry.case_id)).phase == "questioning"
    later = await client.get(f"/room/{entry.id}")
    assert 'class="irreversible" data-confirm="Questioning ends' in later.text
