"""The jury room over HTTP: who may enter, each phase, each refusal, live updates and sealing."""

from __future__ import annotations

import pytest

from jurycourt.domain.cases import CaseState
from jurycourt.models import AuditEvent, Case, Deliberation, Sanction, Statement, Vote
from tests.web.helpers import Page, post_form, sign_in
from tests.web.room_helpers import room_on_hearing_day

HX = {"HX-Request": "true", "HX-Request-Type": "partial"}


@pytest.fixture
async def entry(demo):
    return await room_on_hearing_day(demo)


async def _as(client, login: str):
    await sign_in(client, login)
    return client


async def _lead(client, entry, step: str, login: str = "foreperson"):
    await sign_in(client, login)
    return await post_form(client, f"/room/{entry.id}/lead", {"step": step, "confirmed": "yes"})


async def _statements(entry):
    """This room's statements (the demo's rooms have their own)."""
    deliberations = await Deliberation.filter(case_id=entry.case_id).values_list("id", flat=True)
    return Statement.filter(thread__topic="deliberation", thread__topic_id__in=list(deliberations))


async def _to_phase(client, entry, steps: int) -> None:
    for _ in range(steps):
        assert (await _lead(client, entry, "next")).status_code == 303


async def test_seated_jurors_and_coordinators_enter_the_room_and_no_one_else(client, entry):
    for login, status in {"foreperson": 200, "juror": 200, "juror2": 200, "coordinator": 200,
                          "respondent": 404, "guardian": 404, "panelist": 404}.items():
        await sign_in(client, login)
        response = await client.get(f"/room/{entry.id}")
        assert response.status_code == status, login
        if status == 200:
            page = Page(response.text)
            assert page.title.startswith("Jury room")
            assert "Tanya" in page.text and "Reyes" not in page.text


async def test_the_brief_gives_the_age_the_intake_recorded_else_the_age_from_the_birth_date(client, entry):
    from datetime import date

    from jurycourt.domain.people import age_on
    from jurycourt.models import CaseIntake, Hearing, Person

    case = await Case.get(id=entry.case_id)
    respondent = await Person.get(id=case.respondent_id)
    hearing = await Hearing.get(id=entry.hearing_id)
    await Person.filter(id=respondent.id).update(date_of_birth=date(hearing.starts_at.year - 14, 1, 1))
    await CaseIntake.filter(case_id=case.id).delete()
    await sign_in(client, "juror")

    def age_shown(html: str) -> str:
        text = Page(html).text
        return text.split("Age", 1)[1].split("Offence", 1)[0].strip()

    from_birth = age_on(date(hearing.starts_at.year - 14, 1, 1), hearing.starts_at.date())
    assert age_shown((await client.get(f"/room/{entry.id}")).text) == str(from_birth)
    await CaseIntake.create(case_id=case.id, age=16)
    assert age_shown((await client.get(f"/room/{entry.id}")).text) == "16"


async def test_jurors_before_the_hearing_day_are_told_when_the_room_opens_and_nothing_of_the_case(
        client, demo, entry):
    from datetime import UTC, datetime, timedelta

    from jurycourt.models import Hearing
    later = datetime.now(UTC) + timedelta(days=3)
    await Hearing.filter(id=entry.hearing_id).update(starts_at=later, ends_at=later + timedelta(hours=2))
    await sign_in(client, "juror")
    waiting = await client.get(f"/room/{entry.id}")
    assert waiting.status_code == 200
    text = Page(waiting.text).text
    assert "This jury room is not open yet." in text and "Tanya" not in text and "Take part" not in text
    assert (await client.get(f"/room/{entry.id}/live", headers=HX)).status_code == 200
    refused = await post_form(client, f"/room/{entry.id}/questions", {"question": "Why?"})
    assert "not open yet" in Page(refused.text).text
    await sign_in(client, "panelist")
    assert (await client.get(f"/room/{entry.id}")).status_code == 404
    await sign_in(client, "coordinator")
    assert (await client.get(f"/room/{entry.id}")).status_code == 200


async def test_questions_are_private_until_the_foreperson_opens_questioning(client, entry):
    await sign_in(client, "juror")
    response = await post_form(client, f"/room/{entry.id}/questions", {"question": "What will you do next time?"})
    assert response.status_code == 303
    await sign_in(client, "juror2")
    assert "What will you do next time?" not in Page((await client.get(f"/room/{entry.id}")).text).text
    await sign_in(client, "juror2")
    refused = await post_form(client, f"/room/{entry.id}/lead", {"step": "next", "confirmed": "yes"})
    assert refused.status_code == 400
    assert "Only the foreperson or a coordinator" in Page(refused.text).text
    await _to_phase(client, entry, 1)
    await sign_in(client, "juror2")
    assert "What will you do next time?" in Page((await client.get(f"/room/{entry.id}")).text).text


async def test_statements_refuse_empty_and_over_long_text_keeping_what_was_typed(client, entry):
    await _to_phase(client, entry, 2)
    await sign_in(client, "juror")
    empty = await post_form(client, f"/room/{entry.id}/statements", {"body": "   "})
    assert empty.status_code == 400 and "Write your statement first." in Page(empty.text).text
    long_text = "x" * 501
    too_long = await post_form(client, f"/room/{entry.id}/statements", {"body": long_text})
    assert too_long.status_code == 400
    assert "Use at most 500 characters" in Page(too_long.text).text and long_text in too_long.text
    partial = await post_form(client, f"/room/{entry.id}/statements", {"body": ""}, headers=HX)
    assert partial.status_code == 422 and 'id="room"' in partial.text and "<html" not in partial.text
    assert await (await _statements(entry)).count() == 0


async def test_statements_appear_in_the_thread_in_place_with_htmx_and_without(client, entry):
    await _to_phase(client, entry, 2)
    await sign_in(client, "juror")
    plain = await post_form(client, f"/room/{entry.id}/statements", {"body": "They owned up straight away."})
    assert plain.status_code == 303 and plain.headers["location"] == f"/room/{entry.id}"
    partial = await post_form(client, f"/room/{entry.id}/statements", {"body": "An essay seems fair."},
                              headers=HX)
    assert partial.status_code == 200 and "<html" not in partial.text
    text = Page(partial.text).text
    assert text.index("They owned up straight away.") < text.index("An essay seems fair.")


async def _propose(client, entry, login: str = "juror", kind: str = "essay", quantity: str = ""):
    """Jury duty (the program's sessions: every disposition includes it) and ``kind`` beside it."""
    await sign_in(client, login)
    fields = {"kind_1": "jury_duty", "quantity_1": quantity if kind == "jury_duty" else ""}
    if kind != "jury_duty":
        fields |= {"kind_2": kind, "quantity_2": quantity}
    return await post_form(client, f"/room/{entry.id}/proposals", fields)


async def test_a_whole_deliberation_records_the_disposition_and_seals_the_room(client, entry):
    await _to_phase(client, entry, 2)
    assert (await _propose(client, entry, kind="community_service", quantity="10")).status_code == 303
    assert (await _propose(client, entry, login="foreperson", kind="jury_duty")).status_code == 303
    deliberation = await Deliberation.get(case_id=entry.case_id)
    proposals = [p.id for p in await deliberation.proposals.all().order_by("id")]
    await sign_in(client, "juror2")
    response = await post_form(client, f"/room/{entry.id}/support",
                               {"proposal": str(proposals[1]), "stance": "support", "reason": "Gives back."})
    assert response.status_code == 303
    page = Page((await client.get(f"/room/{entry.id}")).text).text
    assert "1 support, 0 object" in page
    assert "Marcus supports: Gives back." in page
    await _to_phase(client, entry, 1)  # voting: the latest proposal is under vote
    early = await _lead(client, entry, "decide")
    assert early.status_code == 400 and "Wait until every juror has voted" in Page(early.text).text
    for login, choice in (("foreperson", "yes"), ("juror", "no")):
        await sign_in(client, login)
        assert (await post_form(client, f"/room/{entry.id}/vote",
                                {"proposal": str(proposals[1]), "in_favour": choice, "reason": "Fair."})
                ).status_code == 303
    await sign_in(client, "juror")
    hidden = Page((await client.get(f"/room/{entry.id}")).text).text
    assert "2 of 3 jurors have voted" in hidden and "Result:" not in hidden
    await sign_in(client, "juror2")
    await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(proposals[1]), "in_favour": "yes",
                                                        "reason": "Fair."})
    shown = Page((await client.get(f"/room/{entry.id}")).text).text
    assert "Result: 2 in favour, 1 against." in shown

    decided = await _lead(client, entry, "decide")
    assert decided.status_code == 303 and decided.headers["location"] == f"/room/{entry.id}"
    case = await Case.get(id=entry.case_id)
    assert case.state == CaseState.MONITORING
    assert [s.kind for s in await Sanction.filter(case_id=case.id)] == ["jury_duty"]
    deliberation = await Deliberation.get(id=deliberation.id)
    assert deliberation.sealed_at is not None
    for login in ("foreperson", "juror", "juror2"):
        await sign_in(client, login)
        page = await client.get(f"/room/{entry.id}")
        assert page.status_code == 200
        text = Page(page.text).text
        assert "The jury has decided" in text and "Jury duty: 7 sessions" in text
        assert 'action="/room/' not in page.text and "Tanya" not in text
    await sign_in(client, "coordinator")
    sealed = await client.get(f"/room/{entry.id}")
    assert sealed.status_code == 200 and "sealed and read-only" in Page(sealed.text).text
    assert 'action="/room/' not in sealed.text.split('id="room"')[1].split("sealed and read-only")[1]


async def test_votes_are_refused_outside_voting_twice_and_on_a_stale_proposal(client, entry):
    await _to_phase(client, entry, 2)
    await _propose(client, entry)
    first = (await Deliberation.get(case_id=entry.case_id).prefetch_related("proposals")).proposals[0].id
    await sign_in(client, "juror")
    outside = await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(first), "in_favour": "yes",
                                                                 "reason": "Fine."})
    assert outside.status_code == 400 and "only while the vote is open" in Page(outside.text).text
    await _propose(client, entry)  # supersedes the first
    await sign_in(client, "juror2")
    stale = await post_form(client, f"/room/{entry.id}/support", {"proposal": str(first), "stance": "object",
                                                                  "reason": "Too much."})
    assert stale.status_code == 400 and "no longer open" in Page(stale.text).text
    assert "Too much." in stale.text
    await _to_phase(client, entry, 1)
    await sign_in(client, "juror")
    wrong = await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(first), "in_favour": "yes",
                                                               "reason": "Fine."})
    assert wrong.status_code == 400 and "not the one being voted on" in Page(wrong.text).text
    current = (await Deliberation.get(case_id=entry.case_id)).under_vote_id
    ok = await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(current), "in_favour": "yes",
                                                            "reason": "Fine."})
    assert ok.status_code == 303
    again = await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(current), "in_favour": "no",
                                                               "reason": "Changed my mind."})
    assert again.status_code == 400 and "each juror votes once" in Page(again.text).text
    await sign_in(client, "coordinator")
    not_seated = await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(current),
                                                                    "in_favour": "yes", "reason": "x"})
    assert not_seated.status_code == 400 and "Only seated jurors vote." in Page(not_seated.text).text
    assert await Vote.filter(deliberation__case_id=entry.case_id).count() == 1


async def test_the_vote_closes_early_only_once_two_thirds_have_voted_and_with_a_reason_kept(client, entry):
    await _to_phase(client, entry, 2)
    await _propose(client, entry)
    await _to_phase(client, entry, 1)
    await sign_in(client, "juror")
    current = (await Deliberation.get(case_id=entry.case_id)).under_vote_id
    await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(current), "in_favour": "yes", "reason": "ok"})
    # 1 of 3: below the quorum the vote stays open, and the lead's buttons say so.
    await sign_in(client, "foreperson")
    page = Page((await client.get(f"/room/{entry.id}")).text)
    assert "vote-stays-open" in page.ids and "Close the vote" not in page.text
    assert "Record the decision" not in page.text  # it could not work yet
    await sign_in(client, "coordinator")
    coordinator_page = await client.get(f"/room/{entry.id}")
    assert "Adjourn the hearing to a new date" in Page(coordinator_page.text).text
    assert f'/hearings/{entry.hearing_id}/edit' in coordinator_page.text
    early = await post_form(client, f"/room/{entry.id}/lead", {"step": "close", "confirmed": "yes", "reason": "Late."})
    assert early.status_code == 400 and "once 2 have" in Page(early.text).text
    assert not (await Deliberation.get(case_id=entry.case_id)).vote_closed
    await sign_in(client, "foreperson")
    await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(current), "in_favour": "yes", "reason": "ok"})
    # 2 of 3: the quorum is met, but only a coordinator closes the vote early (the rule).
    foreperson_page = Page((await client.get(f"/room/{entry.id}")).text)
    assert "Close the vote" not in foreperson_page.text and "vote-may-close" in foreperson_page.ids
    refused = await post_form(client, f"/room/{entry.id}/lead",
                              {"step": "close", "confirmed": "yes", "reason": "Marcus left."})
    assert refused.status_code == 400 and "Only a coordinator closes the vote early." in Page(refused.text).text
    assert not (await Deliberation.get(case_id=entry.case_id)).vote_closed
    await sign_in(client, "coordinator")
    shown = Page((await client.get(f"/room/{entry.id}")).text)
    assert "Close the vote" in shown.text and "vote-stays-open" not in shown.ids
    no_reason = await post_form(client, f"/room/{entry.id}/lead", {"step": "close", "confirmed": "yes", "reason": ""})
    assert no_reason.status_code == 400 and "Write your reason first." in Page(no_reason.text).text
    closed = await post_form(client, f"/room/{entry.id}/lead",
                             {"step": "close", "confirmed": "yes", "reason": "Marcus had to leave at nine."})
    assert closed.status_code == 303
    assert (await Deliberation.get(case_id=entry.case_id)).close_reason == "Marcus had to leave at nine."
    page = Page((await client.get(f"/room/{entry.id}")).text).text
    assert "Result: 2 in favour, 0 against." in page
    assert "The vote was closed early: Marcus had to leave at nine." in page
    assert "Record the decision" in page  # now it can work
    await sign_in(client, "juror2")
    late = await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(current), "in_favour": "no",
                                                              "reason": "late"})
    assert late.status_code == 400


async def test_a_coordinator_hides_an_abusive_statement_with_a_reason_and_keeps_it(client, entry):
    await _to_phase(client, entry, 2)
    await sign_in(client, "juror")
    await post_form(client, f"/room/{entry.id}/statements", {"body": "Something rude about a person."})
    statement = await (await _statements(entry)).get()
    await sign_in(client, "juror2")
    refused = await post_form(client, f"/room/{entry.id}/statements/{statement.id}/hide", {"reason": "rude"})
    assert refused.status_code == 400
    await sign_in(client, "coordinator")
    empty = await post_form(client, f"/room/{entry.id}/statements/{statement.id}/hide", {"reason": ""})
    assert empty.status_code == 400 and "Write your reason first." in Page(empty.text).text
    hidden = await post_form(client, f"/room/{entry.id}/statements/{statement.id}/hide",
                             {"reason": "Talk about cases, not people."})
    assert hidden.status_code == 303
    assert (await Statement.get(id=statement.id)).body == "Something rude about a person."
    await sign_in(client, "juror2")
    page = Page((await client.get(f"/room/{entry.id}")).text).text
    assert "Something rude" not in page and "Hidden by a coordinator" in page


async def test_the_live_part_answers_304_until_something_changes(client, entry):
    await _to_phase(client, entry, 2)
    await sign_in(client, "juror")
    first = await client.get(f"/room/{entry.id}/live", headers=HX)
    assert first.status_code == 200 and "<html" not in first.text
    etag = first.headers["etag"]
    assert etag.strip('"') in Page(first.text).ids["room"]["data-etag"]
    assert (await client.get(f"/room/{entry.id}/live", headers={**HX, "If-None-Match": etag})).status_code == 304
    await post_form(client, f"/room/{entry.id}/statements", {"body": "New point."})
    changed = await client.get(f"/room/{entry.id}/live", headers={**HX, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag and "New point." in changed.text


async def test_room_text_never_reaches_titles_urls_or_audit_details(client, entry):
    await _to_phase(client, entry, 2)
    await sign_in(client, "juror")
    secret = "Secret-words-of-the-room"
    response = await post_form(client, f"/room/{entry.id}/statements", {"body": secret})
    assert secret not in response.headers.get("location", "")
    page = Page((await client.get(f"/room/{entry.id}")).text)
    assert secret in page.text and secret not in page.title
    details = [str(e.detail) for e in await AuditEvent.filter(action__startswith="room.")]
    assert details and not any(secret in d for d in details)


async def test_the_sentence_form_prefills_jury_duty_requires_it_and_says_each_unit(client, entry):
    await _to_phase(client, entry, 2)
    await sign_in(client, "juror")
    page = await client.get(f"/room/{entry.id}")
    sessions = Page(page.text).ids["f-quantity_1"]
    assert sessions["value"] == "7" and "required" in sessions  # the program's jury_duty_sessions
    assert "Jury duty: number of sessions" in Page(page.text).text
    assert "Hours, if it is community service" in Page(page.text).text
    assert "Sessions or hours" not in page.text
    without = await post_form(client, f"/room/{entry.id}/proposals", {"kind_1": "essay", "quantity_1": ""})
    assert without.status_code == 400 and "Every disposition includes jury duty" in Page(without.text).text
    assert (await _propose(client, entry, kind="community_service", quantity="10")).status_code == 303
    # One proposal: no dropdown to choose from, the proposal said in full with its units.
    page = Page((await client.get(f"/room/{entry.id}")).text)
    assert "f-proposal" not in page.ids
    assert "Proposal 1: Jury duty: 7 sessions; Community service: 10 hours" in page.text
    await _propose(client, entry, login="foreperson", kind="essay")
    page = Page((await client.get(f"/room/{entry.id}")).text)
    assert page.ids["f-proposal"]["tag"] == "select"
    unchosen = await post_form(client, f"/room/{entry.id}/support", {"proposal": "", "stance": "support",
                                                                     "reason": "Fair."})
    assert unchosen.status_code == 400 and "Choose the proposal you are giving your view on." in unchosen.text


async def test_without_javascript_closing_the_vote_asks_on_a_page_with_the_reason_to_give(client, entry):
    await _to_phase(client, entry, 2)
    await _propose(client, entry)
    await _to_phase(client, entry, 1)
    current = (await Deliberation.get(case_id=entry.case_id)).under_vote_id
    for login in ("juror", "juror2"):
        await sign_in(client, login)
        await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(current), "in_favour": "yes",
                                                            "reason": "ok"})
    await sign_in(client, "coordinator")
    asked = await post_form(client, f"/room/{entry.id}/lead", {"step": "close", "reason": "Time is up."})
    assert asked.status_code == 200
    page = Page(asked.text)
    assert "Close the vote?" in page.text and "This can't be undone." in page.text
    assert page.ids["close-reason"]["tag"] == "textarea" and "Time is up." in asked.text
    assert not (await Deliberation.get(case_id=entry.case_id)).vote_closed


async def test_a_vote_that_did_not_carry_goes_back_to_deliberation_and_jurors_propose_and_vote_again(client, entry):
    await _to_phase(client, entry, 2)
    await _propose(client, entry, kind="community_service", quantity="40")
    await _to_phase(client, entry, 1)
    first = (await Deliberation.get(case_id=entry.case_id)).under_vote_id
    for login, choice in (("foreperson", "no"), ("juror", "no"), ("juror2", "yes")):
        await sign_in(client, login)
        await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(first), "in_favour": choice,
                                                            "reason": "Too many hours."})
    await sign_in(client, "foreperson")
    failed = Page((await client.get(f"/room/{entry.id}")).text)
    assert "not-carried" in failed.ids and "Record the decision" not in failed.text
    assert "Deliberate again" in failed.text
    asked = await post_form(client, f"/room/{entry.id}/lead", {"step": "again"})
    assert asked.status_code == 200 and "This round's votes are kept on the record." in Page(asked.text).text
    assert (await Deliberation.get(case_id=entry.case_id)).phase == "voting"
    await sign_in(client, "juror")
    assert (await post_form(client, f"/room/{entry.id}/lead", {"step": "again", "confirmed": "yes"})
            ).status_code == 400  # a juror does not lead
    again = await _lead(client, entry, "again")
    assert again.status_code == 303
    d = await Deliberation.get(case_id=entry.case_id)
    assert (d.phase, d.round, d.vote_closed, d.under_vote_id) == ("deliberation", 2, False, None)
    from jurycourt.models import PastVote
    assert sorted(await PastVote.filter(deliberation_id=d.id).values_list("round", "in_favour")) == \
        [(1, False), (1, False), (1, True)]
    # The failed proposal stays on the record but can no longer be supported; a new one can be made.
    await sign_in(client, "juror2")
    stale = await post_form(client, f"/room/{entry.id}/support",
                            {"proposal": str(first), "stance": "support", "reason": "Still fair."})
    assert stale.status_code == 400 and "no longer open" in Page(stale.text).text
    page = Page((await client.get(f"/room/{entry.id}")).text)
    assert "round" in page.ids and "(round 1)" in page.text
    no_new = await _lead(client, entry, "next")
    assert no_new.status_code == 400 and "propose a disposition" in Page(no_new.text).text
    assert (await _propose(client, entry, login="juror2", kind="essay", quantity="")).status_code == 303
    await _to_phase(client, entry, 1)
    second = (await Deliberation.get(case_id=entry.case_id)).under_vote_id
    assert second != first
    for login in ("foreperson", "juror", "juror2"):  # each juror votes once again, in the new round
        await sign_in(client, login)
        assert (await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(second), "in_favour": "yes",
                                                                    "reason": "Better."})).status_code == 303
    assert (await _lead(client, entry, "decide")).status_code == 303
    assert sorted(await Sanction.filter(case_id=entry.case_id).values_list("kind", flat=True)) == \
        ["essay", "jury_duty"]
    assert await AuditEvent.filter(action="room.deliberate_again", subject_id=str(d.id)).count() == 1
