"""The follow-up checks page: due checks listed without names, answered in place, counted on the to-do list."""

from __future__ import annotations

from datetime import timedelta

from jurycourt import clock
from jurycourt.models import Case, FollowUp
from tests.web.helpers import Page, post_form, sign_in

TODO = "Follow-ups due after completed cases"


async def _due(demo) -> FollowUp:
    case = await Case.filter(program=demo, state="completed", sealed_at=None).select_related("respondent").first()
    return await FollowUp.create(program=demo, case=case, pseudonym="a" * 64, months=6,
                                 due_on=clock.today(demo.time_zone) - timedelta(days=3))


async def test_a_due_check_is_on_the_to_do_list_and_is_answered_on_the_page(client, demo):
    check = await _due(demo)
    await sign_in(client, "coordinator")
    me = Page((await client.get("/me")).text)
    assert TODO in me.text
    page = Page((await client.get(f"/follow-ups?program={demo.id}")).text)
    assert f"Case {check.case_id} : 6 months after completion" in page.text and f"/cases/{check.case_id}" in page.links
    refused = await post_form(client, f"/follow-ups/{check.id}?program={demo.id}", {"school_status": "enrolled"})
    assert refused.status_code == 400 and "Say whether there was a new referral" in refused.text
    assert 'value="enrolled" selected' in refused.text
    done = await post_form(client, f"/follow-ups/{check.id}?program={demo.id}",
                           {"new_referral": "no", "school_status": "enrolled"})
    assert done.status_code == 303
    stored = await FollowUp.get(id=check.id)
    assert (stored.new_referral, stored.school_status, stored.checked_on) == (False, "enrolled",
                                                                              clock.today(demo.time_zone))
    assert f"check-{check.id}" not in (await client.get(f"/follow-ups?program={demo.id}")).text


async def test_a_sealed_cases_check_shows_no_case_and_others_cannot_answer(client, demo):
    check = await _due(demo)
    await FollowUp.filter(id=check.id).update(case_id=None)
    await sign_in(client, "coordinator")
    assert "A sealed case: 6 months after completion" in Page((await client.get("/follow-ups")).text).text
    await sign_in(client, "juror")
    assert (await client.get("/follow-ups")).status_code == 404
    answer = await post_form(client, f"/follow-ups/{check.id}", {"new_referral": "yes", "school_status": ""})
    assert answer.status_code == 404
    assert (await FollowUp.get(id=check.id)).checked_on is None
