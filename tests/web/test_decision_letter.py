"""The decision letter to the young person and their family: what the jury decided in plain words,
as a page and a PDF, for coordinators only, with nothing of the jury room in it."""

from __future__ import annotations

import pytest

from jurycourt.models import Case, CaseGuardian, CaseView, Deliberation, Person, Seat
from tests.pdfs import pdf_text
from tests.web.helpers import Page, post_form, sign_in
from tests.web.room_helpers import JURY, room_on_hearing_day


@pytest.fixture
async def decided(client, demo):
    """A room taken to a recorded decision: jury duty 5 sessions and community service 10 hours."""
    entry = await room_on_hearing_day(demo)

    async def lead(step: str) -> None:
        await sign_in(client, "foreperson")
        assert (await post_form(client, f"/room/{entry.id}/lead", {"step": step, "confirmed": "yes"})
                ).status_code == 303

    for _ in range(2):
        await lead("next")
    await sign_in(client, "juror")
    await post_form(client, f"/room/{entry.id}/proposals", {"kind_1": "jury_duty", "quantity_1": "5",
                                                            "kind_2": "community_service", "quantity_2": "10"})
    await lead("next")
    proposal = (await Deliberation.get(case_id=entry.case_id)).under_vote_id
    for login in JURY:
        await sign_in(client, login)
        await post_form(client, f"/room/{entry.id}/vote", {"proposal": str(proposal), "in_favour": "yes",
                                                            "reason": "Fair to Tanya."})
    await lead("decide")
    return entry


async def test_the_coordinator_gets_the_letter_as_a_page_and_a_pdf_in_plain_words(client, decided):
    case = await Case.get(id=decided.case_id).select_related("respondent")
    await sign_in(client, "coordinator")
    room = Page((await client.get(f"/room/{decided.id}")).text)
    assert f"/cases/{case.id}/decision-letter" in room.links
    assert f"/cases/{case.id}/decision-letter" in Page((await client.get(f"/cases/{case.id}")).text).links
    page = Page((await client.get(f"/cases/{case.id}/decision-letter")).text)
    assert f"/cases/{case.id}/decision-letter.pdf" in page.links
    guardian_ids = await CaseGuardian.filter(case_id=case.id).values_list("person_id", flat=True)
    guardians = await Person.filter(id__in=guardian_ids)
    response = await client.get(f"/cases/{case.id}/decision-letter.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="decision-letter-case-{case.id}.pdf"'
    for text in (page.text, pdf_text(response.content)):
        for words in ("What the peer jury decided", "Jury duty: 5 sessions", "Community service: 10 hours",
                      "What happens next", f"{case.respondent.given_name} {case.respondent.family_name}",
                      *(f"{g.given_name} {g.family_name}" for g in guardians)):
            assert words in " ".join(text.split()), words
        # Nothing of the room: no juror's name, no reason given, no vote.
        seated = await Person.filter(id__in=await Seat.filter(hearing_id=decided.hearing_id).values_list(
            "person_id", flat=True))
        for juror in seated:
            assert juror.given_name not in text
        assert "Fair to" not in text and "in favour" not in text
    assert await CaseView.filter(case_id=case.id, what__startswith="decision-letter-pdf").exists()


async def test_no_one_but_a_coordinator_reads_the_letter(client, decided):
    for login in ("foreperson", "juror", "respondent", "guardian"):
        await sign_in(client, login)
        for suffix in ("", ".pdf"):
            assert (await client.get(f"/cases/{decided.case_id}/decision-letter{suffix}")).status_code == 404, login


async def test_a_case_not_yet_decided_has_no_decision_letter(client, demo):
    entry = await room_on_hearing_day(demo)
    await sign_in(client, "coordinator")
    assert (await client.get(f"/cases/{entry.case_id}/decision-letter")).status_code == 404
