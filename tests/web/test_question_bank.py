"""The question bank over HTTP: approval by coordinators only, the redaction refusal, suggestions
ranked by the juries they worked for, one-click drafting, and marking what worked."""

from __future__ import annotations

import pytest

from jurycourt.models import BankQuestion, BankWorked, Program, Question
from tests.web.helpers import Page, post_form, sign_in
from tests.web.members import person_id
from tests.web.room_helpers import room_on_hearing_day
from tests.web.test_jury_room import HX


@pytest.fixture
async def entry(demo):
    return await room_on_hearing_day(demo)


async def _banked(program: Program, body: str, worked: int = 0, category: str = "shoplifting") -> BankQuestion:
    return await BankQuestion.create(program=program, offence_category=category, body=body, juries_worked=worked,
                                     approved_by_id=await person_id("coordinator"))


async def test_only_coordinators_see_the_bank_and_approve_into_it(client, demo):
    before = await BankQuestion.all().count()
    for login in ("juror", "foreperson", "respondent"):
        await sign_in(client, login)
        assert (await client.get("/question-bank")).status_code == 404
        refused = await post_form(client, "/question-bank", {"program": str(demo.id), "category": "shoplifting",
                                                            "body": "What would you do differently?"})
        assert refused.status_code == 404
    assert await BankQuestion.all().count() == before
    await sign_in(client, "coordinator")
    approved = await post_form(client, "/question-bank", {"program": str(demo.id), "category": "shoplifting",
                                                         "body": "What would you do differently?"})
    assert approved.status_code == 303
    page = Page((await client.get(approved.headers["location"])).text)
    assert "What would you do differently?" in page.text


async def test_a_question_naming_the_respondent_is_refused_for_the_bank_keeping_the_text(client, demo):
    before = await BankQuestion.all().count()
    await sign_in(client, "coordinator")
    body = "Tanya, why the shop on Main Street?"
    refused = await post_form(client, "/question-bank", {"program": str(demo.id), "category": "shoplifting",
                                                        "body": body})
    assert refused.status_code == 400
    page = Page(refused.text)
    assert "redaction check found a protected person's first name" in page.text
    assert body in refused.text
    assert await BankQuestion.all().count() == before


async def test_jurors_see_suggestions_for_their_offence_ranked_by_juries_it_worked_for(client, demo, entry):
    await _banked(demo, "What did the owner lose?", worked=10)
    await _banked(demo, "Who else was hurt by it?", worked=30)
    await _banked(demo, "How will you make it right?", worked=20)
    await _banked(demo, "Why paint on a wall?", worked=90, category="vandalism")
    await sign_in(client, "juror")
    text = Page((await client.get(f"/room/{entry.id}")).text).text
    positions = [text.index(q) for q in ("Who else was hurt by it?", "How will you make it right?",
                                         "What did the owner lose?")]
    assert positions == sorted(positions)
    assert "Why paint on a wall?" not in text


async def test_a_question_that_worked_is_never_suggested_until_a_coordinator_approves_it(client, demo, entry):
    juror = await person_id("juror")
    await Question.create(case_id=entry.case_id, author_id=juror, body="A juror's own question", shared=True,
                          worked=True)
    await sign_in(client, "juror2")
    page = Page((await client.get(f"/room/{entry.id}")).text)
    assert "Suggested questions" in page.text  # the demo's approved ones
    assert page.text.count("A juror's own question") == 1  # in the room's list, not among the suggestions
    await sign_in(client, "coordinator")
    bank = Page((await client.get("/question-bank")).text)
    assert "candidate-" + str((await Question.get()).id) in bank.ids
    assert not await BankQuestion.exists(body="A juror's own question")


async def test_one_click_adds_a_suggestion_and_what_worked_counts_once_per_jury(client, demo, entry):
    banked = await _banked(demo, "How will you make it right?")
    await sign_in(client, "juror")
    assert f"suggestion-{banked.id}" in Page((await client.get(f"/room/{entry.id}")).text).ids
    added = await post_form(client, f"/room/{entry.id}/questions/from-bank", {"bank_question": str(banked.id)},
                            headers=HX)
    assert added.status_code == 200 and 'id="room"' in added.text and "<html" not in added.text
    question = await Question.get(case_id=entry.case_id)
    assert (question.body, question.bank_question_id, question.shared) == (banked.body, banked.id, False)
    assert f"suggestion-{banked.id}" not in Page(added.text).ids  # already in the draft
    for _ in range(2):
        await sign_in(client, "foreperson")
        opened = await post_form(client, f"/room/{entry.id}/lead", {"step": "next", "confirmed": "yes"})
        assert opened.status_code == 303
    for login in ("juror", "juror2"):
        await sign_in(client, login)
        marked = await post_form(client, f"/room/{entry.id}/questions/{question.id}/worked")
        assert marked.status_code == 303
    assert (await BankQuestion.get(id=banked.id)).juries_worked == 1
    assert await BankWorked.filter(bank_question_id=banked.id).count() == 1


async def test_a_bank_question_of_another_offence_or_program_is_refused(client, demo, entry):
    other = await Program.create(name="Northside Youth Court", time_zone="America/Chicago")
    foreign = await _banked(other, "Someone else's question")
    vandalism = await _banked(demo, "Why paint on a wall?", category="vandalism")
    await sign_in(client, "juror")
    for banked in (foreign, vandalism):
        refused = await post_form(client, f"/room/{entry.id}/questions/from-bank", {"bank_question": str(banked.id)})
        assert refused.status_code == 400 and "not in the bank for this offence" in Page(refused.text).text
    assert await Question.all().count() == 0


async def test_approving_a_question_that_worked_counts_that_jury_and_links_the_question(client, demo, entry):
    question = await Question.create(case_id=entry.case_id, author_id=await person_id("juror"),
                                     body="What did you learn?", shared=True, worked=True)
    await sign_in(client, "coordinator")
    approved = await post_form(client, "/question-bank", {"program": str(demo.id), "question": str(question.id),
                                                         "body": "What did you learn from it?"})
    assert approved.status_code == 303
    banked = await BankQuestion.get(body="What did you learn from it?")
    assert (banked.body, banked.offence_category, banked.juries_worked) == ("What did you learn from it?",
                                                                            "shoplifting", 1)
    assert (await Question.get(id=question.id)).bank_question_id == banked.id
