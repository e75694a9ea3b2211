"""The person harmed over HTTP: consent gates contact, a second coordinator reviews the safety plan,
the jury reads the impact statement only while it deliberates, and their name stays with coordinators."""

from __future__ import annotations

import pytest

from jurycourt import clock, i18n
from jurycourt.actions import docket
from jurycourt.actions import harmed as act
from jurycourt.demo import DEMO_ACCOUNTS
from jurycourt.domain.errors import Refused
from jurycourt.domain.harmed import SAFETY_QUESTIONS
from jurycourt.models import Account, JusticeMatter, OutboxMessage, PersonHarmed
from jurycourt.queries.publication_guard import text_findings
from tests.web.cases_helpers import coordinator, next_jury_hearing, referred_case
from tests.web.helpers import Page, post_form, sign_in
from tests.web.room_helpers import room_on_hearing_day

PLAN = {q.key: "Answered after the visit." for q in SAFETY_QUESTIONS}
STATEMENT = "Since the break-in my daughter is afraid to work the evening shift."


async def _add(client, case_id: int) -> PersonHarmed:
    response = await post_form(client, f"/cases/{case_id}/harmed/add",
                               {"given_name": "Harriet", "family_name": "Quennell", "phone": "555-0100",
                                "language": "es-US", "contact_by": "email"})
    assert response.status_code == 303
    return await PersonHarmed.get(case_id=case_id)


async def test_nothing_reaches_the_person_harmed_before_their_consent_is_recorded(client, demo):
    case = await referred_case(demo)
    await sign_in(client, "coordinator")
    found = await _add(client, case.id)
    wishes = {"wish_attend": "yes", "wish_outcome": "yes"}

    refused = [await post_form(client, f"/cases/{case.id}/harmed/{step}", form)
               for step, form in [("wishes", wishes), ("outcome", {}), ("survey", {}),
                                  ("statement", {"statement": STATEMENT})]]
    assert [r.status_code for r in refused] == [400] * 4
    assert "not agreed to be contacted" in Page(refused[0].text).text
    assert all("not agreed to be contacted" in Page(r.text).text for r in refused)  # said at the top of the page
    assert not await OutboxMessage.exists(person_id=found.person_id)

    bad = await post_form(client, f"/cases/{case.id}/harmed/consent", {"given": "yes", "consent_on": "", "how": ""})
    assert bad.status_code == 400
    today = clock.today().isoformat()
    assert (await post_form(client, f"/cases/{case.id}/harmed/consent",
                            {"given": "yes", "consent_on": today, "how": "letter"})).status_code == 303
    assert (await post_form(client, f"/cases/{case.id}/harmed/wishes", wishes)).status_code == 303

    found = await PersonHarmed.get(id=found.id)
    assert (found.consent, found.consent_how, found.wishes) == (True, "letter", "attend,outcome")
    page = Page((await client.get(f"/cases/{case.id}/harmed")).text)
    assert "Agreed to be contacted" in page.text and "by letter" in page.text


async def test_the_outcome_goes_through_the_outbox_in_their_language_once_they_agreed(client, demo):
    case = await referred_case(demo)
    await sign_in(client, "coordinator")
    found = await _add(client, case.id)
    actor = await coordinator(demo)
    await act.record_consent(actor, found, "yes", clock.today(), "phone")
    await act.record_wishes(actor, found, ["apology"])
    with pytest.raises(Refused, match="did not ask"):
        await act.tell_outcome(actor, found)
    await act.record_wishes(actor, found, ["outcome"])
    with pytest.raises(Refused, match="no outcome to tell yet"):
        await act.tell_outcome(actor, found)  # a referred case has none
    from jurycourt.models import Case
    await Case.filter(id=case.id).update(state="heard")
    await act.tell_outcome(actor, found)
    sent = await OutboxMessage.get(person_id=found.person_id, kind="harmed_outcome")
    with i18n.use_language("es-US"):  # their language, whatever the coordinator's
        assert (sent.subject, sent.body) == (i18n.gettext("The outcome of the case"), act.outcome_words("heard"))
    assert "Quennell" not in sent.body


async def test_the_author_of_a_safety_plan_cannot_approve_it_a_second_coordinator_does(client, demo):
    case = await referred_case(demo)
    await sign_in(client, "coordinator")
    found = await _add(client, case.id)
    await post_form(client, f"/cases/{case.id}/harmed/consent",
                    {"given": "yes", "consent_on": clock.today().isoformat(), "how": "phone"})
    missing = await post_form(client, f"/cases/{case.id}/harmed/safety", {**PLAN, "arrival": ""})
    assert missing.status_code == 400 and "Answer every question" in Page(missing.text).text
    assert (await post_form(client, f"/cases/{case.id}/harmed/safety", PLAN)).status_code == 303

    own = await post_form(client, f"/cases/{case.id}/harmed/review")
    assert own.status_code == 400 and "not the one who wrote it" in Page(own.text).text
    assert (await PersonHarmed.get(id=found.id)).reviewed_by_id is None

    await sign_in(client, "coordinator2")
    assert (await post_form(client, f"/cases/{case.id}/harmed/review")).status_code == 303
    reviewer = (await Account.get(login="coordinator2")).person_id
    assert (await PersonHarmed.get(id=found.id)).reviewed_by_id == reviewer


async def test_a_hearing_they_attend_is_scheduled_only_once_the_safety_plan_is_reviewed(demo):
    from jurycourt.actions.intake import record_intake
    from jurycourt.domain.intake import Checklist, Consent
    from tests.web.members import person_id

    case = await referred_case(demo)
    writer = await coordinator(demo)
    today = clock.today()
    await record_intake(writer, case, Checklist(True, True, True, 15), Consent(today, today, "Denise Okafor"),
                        await person_id("guardian"))
    found = await act.add_to_case(writer, case, {"given_name": "Harriet", "family_name": "Quennell"})
    await act.record_consent(writer, found, "yes", today, "in_person")
    await act.record_wishes(writer, found, ["attend"])
    hearing = await next_jury_hearing(demo)
    with pytest.raises(Refused, match="write the risk assessment"):
        await docket.put_on_docket(writer, case, hearing.id)
    await act.write_safety_plan(writer, found, PLAN)
    with pytest.raises(Refused, match="second coordinator must review"):
        await docket.put_on_docket(writer, case, hearing.id)
    second = writer.__class__(person_id=await person_id("coordinator2"), account_id=2, roles=writer.roles)
    await act.review_safety_plan(second, found)
    await docket.put_on_docket(writer, case, hearing.id)


async def _lead(client, entry_id: int) -> None:
    await sign_in(client, "foreperson")
    assert (await post_form(client, f"/room/{entry_id}/lead", {"step": "next", "confirmed": "yes"})).status_code == 303


async def test_jurors_read_the_impact_statement_while_they_deliberate_never_the_name(client, demo):
    entry = await room_on_hearing_day(demo)
    writer = await coordinator(demo)
    from jurycourt.models import Case
    found = await act.add_to_case(writer, await Case.get(id=entry.case_id),
                                  {"given_name": "Harriet", "family_name": "Quennell"})
    await act.record_consent(writer, found, "yes", clock.today(), "phone")
    await act.record_statement(writer, found, STATEMENT)

    seen = {}
    for phase in ("preparing", "questioning", "deliberation"):
        if phase != "preparing":
            await _lead(client, entry.id)
        await sign_in(client, "juror")
        text = (await client.get(f"/room/{entry.id}")).text
        seen[phase] = STATEMENT in text
        assert "Quennell" not in text and "Harriet" not in text
    assert seen == {"preparing": False, "questioning": False, "deliberation": True}

    brief = await client.get(f"/cases/{entry.case_id}")  # the juror's brief of the case
    assert brief.status_code == 200 and STATEMENT not in brief.text
    client.cookies.clear()
    for path in ("/", "/findings", "/findings/feed.atom", "/findings?q=daughter"):
        response = await client.get(path)
        assert response.status_code == 200 and "evening shift" not in response.text, path


async def test_the_publication_guard_refuses_the_name_of_a_person_harmed_even_disguised(demo):
    text = "The owner, Harriet QUENNELL, spoke at the meeting. H. Quennell was pleased."
    assert not await text_findings(demo.id, "body", text)
    case = await referred_case(demo)
    await act.add_to_case(await coordinator(demo), case, {"given_name": "Harriet", "family_name": "Quennell"})
    found = await text_findings(demo.id, "body", text)
    assert found
    assert await text_findings(demo.id, "body", "Spoke to Ms Q-u-e-n-n-e-l-l at length.")


async def test_panel_members_read_the_person_harmed_never_their_name(client, demo):
    matter = await JusticeMatter.filter(panel__program_id=demo.id).order_by("id").first()
    await sign_in(client, "panelist")
    page = Page((await client.get(f"/panels/justice/{matter.panel_id}")).text)
    assert "the person harmed" in page.text
    assert "Irene" not in page.text and "Castell" not in page.text
    assert STATEMENT not in page.text  # the meeting is over: the agreement is carried out
    await sign_in(client, "coordinator")
    assert "Irene Castell" in Page((await client.get(f"/panels/justice/{matter.panel_id}")).text).text

    # At the meeting (begun, the agreement not yet signed) the panel reads the statement, and the name still not.
    found = await PersonHarmed.get(participant__matter_id=matter.id)
    await act.record_statement(await coordinator(demo), found, STATEMENT)
    await JusticeMatter.filter(id=matter.id).update(state="meeting_scheduled")
    await sign_in(client, "panelist")
    page = Page((await client.get(f"/panels/justice/{matter.panel_id}")).text)
    assert STATEMENT in page.text and "Castell" not in page.text


async def test_only_the_programs_coordinators_open_and_change_the_person_harmed(app, demo):
    from tests.web.helpers import client_for, csrf_token

    case = await referred_case(demo)
    matter = await JusticeMatter.filter(panel__program_id=demo.id).order_by("id").first()
    gets = [f"/cases/{case.id}/harmed", f"/panels/justice/{matter.panel_id}/harmed"]
    posts = [f"/cases/{case.id}/harmed/add", f"/panels/justice/{matter.panel_id}/harmed/consent"]
    got, expected = {}, {}
    for login in [*DEMO_ACCOUNTS, None]:
        async with client_for(app) as client:
            if login:
                await sign_in(client, login)
            token = await csrf_token(client)
            coordinating = login in ("coordinator", "coordinator2")
            for path in gets:
                got[(login, "GET", path)] = (await client.get(path)).status_code
                expected[(login, "GET", path)] = 303 if login is None else 200 if coordinating else 404
            for path in posts:
                response = await client.post(path, data={"csrf_token": token, "given": "no",
                                                          "consent_on": clock.today().isoformat(), "how": "phone"})
                got[(login, "POST", path)] = response.status_code
                done = 400 if path.endswith("/add") else 303  # no names to add; a refusal recorded
                expected[(login, "POST", path)] = 303 if login is None else done if coordinating else 404
    assert got == expected
    assert not await PersonHarmed.exists(case_id=case.id)
    assert await PersonHarmed.filter(participant__matter_id=matter.id, consent=False).count() == 1
