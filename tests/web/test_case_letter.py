"""The outcome letter for the referring agency: the outcome, and nothing the agency did not know."""

from __future__ import annotations

import pytest

from jurycourt.domain.cases import CaseState
from jurycourt.models import Case, CaseGuardian, CaseView, Person, Sanction
from tests.canary.crawler import pdf_text
from tests.web.helpers import Page, sign_in


async def _case(demo, state: CaseState) -> Case:
    return await Case.filter(program=demo, state=state, sealed_at=None).select_related("respondent").order_by(
        "id").first()


@pytest.mark.parametrize(("state", "outcome"), [(CaseState.COMPLETED, "Completed"),
                                                 (CaseState.FAILED, "Not completed: returned to your agency")])
async def test_the_letter_states_the_outcome_with_the_referral_facts_the_agency_already_has(
        client, demo, state, outcome):
    case = await _case(demo, state)
    await sign_in(client, "coordinator")
    response = await client.get(f"/cases/{case.id}/letter")
    assert response.status_code == 200
    page = Page(response.text)
    assert f"Outcome {outcome}" in page.text
    assert f"{case.respondent.given_name} {case.respondent.family_name}" in page.text
    assert "Police" in page.text or "School" in page.text or "Court services" in page.text
    assert case.referring_officer in page.text
    assert case.referral_date.strftime("%Y") in page.text and case.closed_on.strftime("%Y") in page.text
    assert await CaseView.filter(case_id=case.id, what__startswith="letter").exists()


async def test_the_letter_leaves_out_sanctions_guardians_summary_and_birthday(client, demo):
    case = await _case(demo, CaseState.COMPLETED)
    await sign_in(client, "coordinator")
    text = Page((await client.get(f"/cases/{case.id}/letter")).text).text
    assert case.summary not in text
    for sanction in await Sanction.filter(case_id=case.id):
        assert sanction.kind.replace("_", " ") not in text.lower()
    assert "Essay" not in text and "Community service" not in text
    for guardian in await Person.filter(id__in=await CaseGuardian.filter(case_id=case.id).values_list(
            "person_id", flat=True)):
        assert guardian.given_name not in text and guardian.email not in text
    assert case.respondent.date_of_birth.isoformat() not in text
    assert str(case.respondent.date_of_birth.year) not in text


async def test_the_letter_has_a_print_stylesheet(client, demo):
    css = (await client.get("/static/css/site.css")).text
    assert "@media print" in css and ".letter" in css


async def test_the_case_page_links_to_the_letter_only_once_the_case_is_closed_that_way(client, demo):
    await sign_in(client, "coordinator")
    done = await _case(demo, CaseState.COMPLETED)
    open_case = await _case(demo, CaseState.MONITORING)
    assert f"/cases/{done.id}/letter" in Page((await client.get(f"/cases/{done.id}")).text).links
    assert f"/cases/{open_case.id}/letter" not in Page((await client.get(f"/cases/{open_case.id}")).text).links
    assert (await client.get(f"/cases/{open_case.id}/letter")).status_code == 404


@pytest.mark.parametrize("login", ["respondent", "guardian", "juror"])
async def test_only_coordinators_see_the_letter(client, demo, login):
    case = await Case.get(respondent_id=(await Person.get(email="respondent@example.org")).id)
    await Case.filter(id=case.id).update(state=CaseState.COMPLETED)
    await sign_in(client, login)
    assert (await client.get(f"/cases/{case.id}/letter")).status_code == 404


@pytest.mark.parametrize(("state", "outcome"), [(CaseState.DECLINED, "Declined: not taken on by the program"),
                                                 (CaseState.WITHDRAWN, "Withdrawn before a hearing")])
async def test_a_declined_or_withdrawn_case_has_its_letter_to_the_referrer_as_a_page_and_a_pdf(
        client, demo, state, outcome):
    from jurycourt import clock

    case = await _case(demo, CaseState.INTAKE)
    await Case.filter(id=case.id).update(state=state, closed_on=clock.today())
    await sign_in(client, "coordinator")
    assert f"/cases/{case.id}/letter" in Page((await client.get(f"/cases/{case.id}")).text).links
    page = Page((await client.get(f"/cases/{case.id}/letter")).text)
    assert f"Outcome {outcome}" in page.text and "stays with your agency" in page.text
    pdf = await client.get(f"/cases/{case.id}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert outcome in " ".join(pdf_text(pdf.content).split())
