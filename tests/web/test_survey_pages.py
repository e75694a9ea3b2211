"""Taking a survey by link, without an account: once, with the answers kept on a refusal; and a
coordinator making the link."""

from __future__ import annotations

import re

from jurycourt.models import SurveyCode, SurveyResponse
from tests.web.helpers import Page, post_form, sign_in


async def test_a_coordinator_makes_a_link_that_anyone_answers_once(client, demo):
    await sign_in(client, "coordinator")
    made = await post_form(client, f"/surveys/invite?program={demo.id}", {"which": "respondent:before"})
    assert made.status_code == 200
    link = re.search(r"<code>(http[^<]+/survey/([A-Za-z0-9_-]+))</code>", made.text)
    assert link and await SurveyCode.exists()
    path = "/survey/" + link.group(2)
    form = Page((await client.get(path)).text)
    assert "I understand how the youth court works." in form.text and "Strongly agree" in form.text
    refused = await post_form(client, path, {"understand": "9"})
    assert refused.status_code == 400 and "Answer at least one question." in refused.text
    done = await post_form(client, path, {"understand": "4", "respect": "5"})
    assert done.status_code == 200 and "Keep this code" in done.text
    assert await SurveyResponse.filter(questionnaire="respondent", phase="before").count() >= 1
    assert (await client.get(path)).status_code == 410


async def test_a_bad_choice_of_questionnaire_is_refused_beside_the_field(client, demo):
    await sign_in(client, "coordinator")
    refused = await post_form(client, f"/surveys/invite?program={demo.id}", {"which": "harmed:before"})
    assert refused.status_code == 400 and "Choose a questionnaire" in refused.text
