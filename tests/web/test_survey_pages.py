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


async def test_a_coordinator_sends_a_person_a_survey_through_the_outbox_only_where_it_may_reach_them(client, demo):
    from jurycourt.domain.roles import Role
    from jurycourt.models import Account, Membership, OutboxMessage, Person

    juror = (await Account.get(login="juror")).person_id
    await Person.filter(id=juror).update(contact_by="email", email="juror@example.org")
    await sign_in(client, "coordinator")
    sent = await post_form(client, f"/people/{juror}/survey", {"which": "volunteer:once", "program": str(demo.id)})
    assert sent.status_code == 200 and "The survey invitation is in the outbox." in sent.text
    message = await OutboxMessage.get(person_id=juror, kind="survey")
    assert message.channel == "email" and "/survey/" in message.body
    code = message.body.rsplit("/survey/", 1)[1].strip()
    form = Page((await client.get(f"/survey/{code}")).text)
    assert "My training prepared me for my role." in form.text
    codes = await SurveyCode.all().count()
    texter = await Person.create(given_name="Tess", family_name="Nocon", phone="202-555-0142", contact_by="text")
    await Membership.create(person=texter, program=demo, role=Role.JUROR)
    refused = await post_form(client, f"/people/{texter.id}/survey", {"which": "volunteer:once",
                                                                       "program": str(demo.id)})
    assert refused.status_code == 400 and "A survey can&#39;t reach them" in refused.text
    assert 'value="volunteer:once" selected' in refused.text
    assert await SurveyCode.all().count() == codes and not await OutboxMessage.exists(person_id=texter.id)
    await sign_in(client, "juror")
    assert (await post_form(client, f"/people/{juror}/survey", {"which": "volunteer:once",
                                                                "program": str(demo.id)})).status_code == 404
