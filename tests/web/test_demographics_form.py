"""The demographics form on the coordinator's case page: only where the program records them,
refused without consent (the input kept), saved with it."""

from __future__ import annotations

from jurycourt import clock
from jurycourt.models import CaseDemographics
from tests.web.cases_helpers import referred_case
from tests.web.helpers import Page, post_form, sign_in


async def test_the_case_page_offers_demographics_only_where_recorded_and_saves_them_only_with_consent(client, demo):
    case = await referred_case(demo)
    await sign_in(client, "coordinator")
    demo.rules = {**demo.rules, "record_demographics": False}
    await demo.save()
    assert "Demographics for the fairness audit" not in Page((await client.get(f"/cases/{case.id}")).text).text
    demo.rules = {**demo.rules, "record_demographics": True}
    await demo.save()
    assert "Demographics for the fairness audit" in Page((await client.get(f"/cases/{case.id}")).text).text
    answers = {"gender": "female", "race": "two_or_more", "ethnicity": "hispanic", "consent_source": "youth"}
    refused = await post_form(client, f"/cases/{case.id}/demographics", {**answers, "consent_given_on": ""})
    assert refused.status_code == 400
    assert "kept only with consent" in refused.text and 'value="two_or_more" selected' in refused.text
    assert not await CaseDemographics.exists(case_id=case.id)
    today = clock.today(demo.time_zone).isoformat()
    saved = await post_form(client, f"/cases/{case.id}/demographics", {**answers, "consent_given_on": today})
    assert saved.status_code == 303
    kept = await CaseDemographics.get(case_id=case.id)
    assert (kept.race, str(kept.consent_given_on)) == ("two_or_more", today)
