"""The outcome letter as a PDF: the letter's text, the letter's readers, nothing else about the young person."""

from __future__ import annotations

import pytest

from jurycourt.domain.cases import CaseState
from jurycourt.models import Case, CaseGuardian, CaseView, Person
from tests.pdfs import pdf_text
from tests.web.helpers import Page, sign_in
from tests.web.members import other_program_coordinator


async def _completed(demo) -> Case:
    return await Case.filter(program=demo, state=CaseState.COMPLETED, sealed_at=None).select_related(
        "respondent").order_by("id").first()


async def test_the_letter_page_links_to_a_pdf_with_the_same_letter(client, demo):
    case = await _completed(demo)
    await sign_in(client, "coordinator")
    page = Page((await client.get(f"/cases/{case.id}/letter")).text)
    assert f"/cases/{case.id}/letter.pdf" in page.links
    response = await client.get(f"/cases/{case.id}/letter.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    for words in ("Outcome of a referral to the peer jury", "Young person referred", "Completed",
                  f"{case.respondent.given_name} {case.respondent.family_name}", case.referring_officer,
                  "Riverside Time Dollar Youth Court", "considers the matter resolved"):
        assert words in text, words
    assert await CaseView.filter(case_id=case.id, what__startswith="letter-pdf").exists()


async def test_the_pdf_is_a_download_named_by_case_number_only_and_never_stored(client, demo):
    case = await _completed(demo)
    await sign_in(client, "coordinator")
    response = await client.get(f"/cases/{case.id}/letter.pdf")
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="outcome-letter-case-{case.id}.pdf"'
    for part in (case.respondent.given_name, case.respondent.family_name):
        assert part.lower() not in disposition.lower()
    assert response.headers["cache-control"] == "no-store"


async def test_the_pdf_leaves_out_guardians_birthday_contacts_and_summary(client, demo):
    case = await _completed(demo)
    await sign_in(client, "coordinator")
    text = pdf_text((await client.get(f"/cases/{case.id}/letter.pdf")).content)
    respondent = case.respondent
    for secret in (respondent.date_of_birth.isoformat(), respondent.date_of_birth.strftime("%d %b %Y"),
                   respondent.email, respondent.phone, respondent.address, case.summary):
        assert not secret or secret not in text, secret
    guardian_ids = await CaseGuardian.filter(case_id=case.id).values_list("person_id", flat=True)
    guardians = await Person.filter(id__in=guardian_ids)
    assert guardians, "the demo case has a guardian: the test shows something"
    for guardian in guardians:
        for secret in (guardian.given_name, guardian.family_name, guardian.email, guardian.phone, guardian.address):
            assert not secret or secret not in text, secret


@pytest.mark.parametrize("login", ["respondent", "guardian", "juror", "elsewhere", None])
async def test_only_the_programs_coordinators_get_the_pdf(client, demo, login):
    case = await Case.get(respondent_id=(await Person.get(email="respondent@example.org")).id)
    await Case.filter(id=case.id).update(state=CaseState.COMPLETED)
    await other_program_coordinator("elsewhere")
    if login:
        await sign_in(client, login)
    response = await client.get(f"/cases/{case.id}/letter.pdf")
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")


async def test_an_open_case_has_no_letter_pdf(client, demo):
    open_case = await Case.filter(program=demo, state=CaseState.MONITORING).order_by("id").first()
    await sign_in(client, "coordinator")
    assert (await client.get(f"/cases/{open_case.id}/letter.pdf")).status_code == 404
    assert (await client.get("/cases/999999/letter.pdf")).status_code == 404
