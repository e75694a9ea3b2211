"""The demo's peer jury cases: every state, the demo respondent's own case, and the seating rules."""

from __future__ import annotations

from jurycourt import clock
from jurycourt.domain.cases import CaseState
from jurycourt.domain.sanctions import SanctionStatus
from jurycourt.models import Account, Case, CaseGuardian, DocketEntry, RestitutionPayment, Sanction, Seat
from jurycourt.queries.jury_duty import duty_progress
from tests.web.helpers import Page, sign_in


async def test_the_demo_has_a_case_in_every_state(demo):
    states = set(await Case.filter(program=demo).values_list("state", flat=True))
    assert states == set(CaseState)


async def test_the_demo_sanctions_take_every_status_with_one_overdue_and_a_restitution_payment(demo):
    statuses = set(await Sanction.filter(case__program=demo).values_list("status", flat=True))
    assert statuses == set(SanctionStatus)
    assert await Sanction.filter(case__state=CaseState.MONITORING, status=SanctionStatus.ASSIGNED,
                                 due_on__lt=clock.today()).exists()
    assert await RestitutionPayment.filter(sanction__case__program=demo).exists()


async def test_the_demo_respondent_owes_jury_duty_has_served_some_and_her_mother_is_her_guardian(demo):
    tanya = (await Account.get(login="respondent")).person_id
    case = await Case.get(respondent_id=tanya)
    assert case.state == CaseState.MONITORING
    guardian = (await Account.get(login="guardian")).person_id
    assert await CaseGuardian.exists(case_id=case.id, person_id=guardian)
    [progress] = await duty_progress(person_id=tanya)
    assert 0 < progress.attended < progress.owed


async def test_no_respondent_sits_at_the_hearing_that_hears_their_own_case(demo):
    entries = await DocketEntry.filter(case__program=demo).select_related("case", "hearing")
    assert len(entries) >= 6
    for entry in entries:
        seats = await Seat.filter(person_id=entry.case.respondent_id).select_related("hearing")
        day = entry.hearing.starts_at.date()
        assert all(seat.hearing.starts_at.date() != day for seat in seats)


async def test_the_coordinator_finds_cases_in_the_menu_and_overdue_sanctions_in_the_to_do_list(client, demo):
    await sign_in(client, "coordinator")
    page = Page((await client.get("/me")).text)
    assert "Sanctions past their due date (follow up, waive or record the failure) 2" in page.text
    assert 'href="/cases"' in (await client.get("/me")).text
    listing = Page((await client.get("/cases")).text)
    assert "Reyes" in listing.text


async def test_a_juror_has_no_cases_link(client, demo):
    await sign_in(client, "juror")
    assert 'href="/cases"' not in (await client.get("/me")).text
