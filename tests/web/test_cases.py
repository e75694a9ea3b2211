"""Cases on the web: referral with duplicate detection, intake, docket, disposition, closing."""

from __future__ import annotations

import re
from datetime import timedelta

from jurycourt import clock
from jurycourt.actions.cases import move_case
from jurycourt.domain.cases import CaseState
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.models import Case, CaseEvent, CaseView, DocketEntry, Membership, Person, Sanction
from tests.web.cases_helpers import (
    SUMMARY,
    coordinator,
    next_jury_hearing,
    open_hearing_window,
    referred_case,
    scheduled_case,
)
from tests.web.helpers import Page, post_form, sign_in
from tests.web.members import person_id

REFERRAL = {"agency": "school", "referring_officer": "Ms Lowe", "referral_date": clock.today().isoformat(),
            "offence_category": "vandalism", "summary": "Painted a tag on the gym wall.",
            "given_name": "Devon", "family_name": "Price", "date_of_birth": "2015-04-02",
            "guardian_given_name": "Alicia", "guardian_family_name": "Price", "guardian_phone": "202 555 0100"}
PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


async def _program_id(demo) -> str:
    return str(demo.id)


async def test_a_coordinator_takes_a_referral_and_the_case_starts_referred_with_its_history(client, demo):
    await sign_in(client, "coordinator")
    response = await post_form(client, "/cases/new", {**REFERRAL, "program": await _program_id(demo)})

    assert response.status_code == 303
    case = await Case.get(respondent__given_name="Devon").select_related("respondent")
    assert case.state == CaseState.REFERRED
    page = Page((await client.get(response.headers["location"])).text)
    assert "Devon Price" in page.text and "Alicia Price" in page.text
    assert "refer" in page.text and "Painted a tag" in page.text
    assert await Membership.exists(person_id=case.respondent_id, role=Role.RESPONDENT)


async def test_a_referral_for_someone_known_by_name_and_birthday_offers_them_for_reuse(client, demo):
    await sign_in(client, "coordinator")
    tanya = await Person.get(id=await person_id("respondent"))
    data = {**REFERRAL, "program": str(demo.id), "given_name": "tanya", "family_name": "REYES",
            "date_of_birth": tanya.date_of_birth.isoformat(), "guardian_given_name": "", "guardian_family_name": "",
            "guardian_phone": ""}

    first = await post_form(client, "/cases/new", data)
    assert first.status_code == 400
    assert "Use Tanya Reyes" in Page(first.text).text
    assert 'value="Painted a tag on the gym wall."' not in first.text and "Painted a tag" in first.text

    before = await Case.filter(respondent_id=tanya.id).count()  # the demo gave her a case already
    reused = await post_form(client, "/cases/new", {**data, "respondent_choice": str(tanya.id)})
    assert reused.status_code == 303
    assert await Person.filter(given_name__iexact="tanya", family_name__iexact="reyes").count() == 1
    assert await Case.filter(respondent_id=tanya.id).count() == before + 1


async def test_a_referral_with_problems_is_shown_again_with_the_input_kept(client, demo):
    await sign_in(client, "coordinator")
    before = await Case.all().count()
    response = await post_form(client, "/cases/new", {**REFERRAL, "program": str(demo.id), "agency": "aliens"})

    assert response.status_code == 400
    assert "Choose the referring agency." in Page(response.text).text
    assert 'value="Devon"' in response.text
    assert await Case.all().count() == before


async def test_failing_eligibility_at_intake_declines_the_case_with_the_reason(client, demo):
    case = await referred_case(demo)
    await sign_in(client, "coordinator")
    response = await post_form(client, f"/cases/{case.id}/intake", {
        "first_offence": "no", "non_violent": "yes", "accepts_responsibility": "yes", "age": "15"})

    assert response.status_code == 303
    await case.refresh_from_db()
    assert case.state == CaseState.DECLINED
    decline = await CaseEvent.get(case_id=case.id, action="decline")
    assert decline.reason == "Not a first offence."
    assert "Not a first offence." in Page((await client.get(f"/cases/{case.id}")).text).text


async def test_a_case_can_not_be_scheduled_before_consent_and_the_refusal_is_shown(client, demo):
    case = await referred_case(demo)
    await sign_in(client, "coordinator")
    await post_form(client, f"/cases/{case.id}/intake", {
        "first_offence": "yes", "non_violent": "yes", "accepts_responsibility": "yes", "age": "15"})
    hearing = await next_jury_hearing(demo)
    await post_form(client, f"/cases/{case.id}/docket", {"hearing": str(hearing.id)})

    response = await post_form(client, f"/cases/{case.id}/step", {"step": "schedule"})

    assert response.status_code == 400
    assert "Record the consent of the respondent and a guardian first." in Page(response.text).text
    assert (await Case.get(id=case.id)).state == CaseState.INTAKE


async def test_moving_a_case_to_another_hearing_and_taking_it_off_are_kept_in_history(client, demo):
    case, hearing = await scheduled_case(demo)
    await sign_in(client, "coordinator")
    assert (await post_form(client, f"/cases/{case.id}/step", {"step": "schedule"})).status_code == 303
    later = [h for h in await _jury_hearings(demo) if h.id != hearing.id][0]

    moved = await post_form(client, f"/cases/{case.id}/docket", {"hearing": str(later.id)})
    no_reason = await post_form(client, f"/cases/{case.id}/docket/remove", {"reason": ""})
    removed = await post_form(client, f"/cases/{case.id}/docket/remove", {"reason": "Family moving away"})

    assert moved.status_code == 303 and removed.status_code == 303
    assert no_reason.status_code == 400
    actions = await CaseEvent.filter(case_id=case.id).order_by("id").values_list("action", flat=True)
    assert actions[-2:] == ["docket.moved", "unschedule"]
    assert (await Case.get(id=case.id)).state == CaseState.INTAKE
    assert not await DocketEntry.exists(case_id=case.id)


async def _jury_hearings(demo):
    from datetime import UTC, datetime

    from jurycourt.domain.seating import SessionKind
    from jurycourt.models import Hearing

    return await Hearing.filter(program_id=demo.id, kind=SessionKind.JURY_HEARING,
                                starts_at__gt=datetime.now(UTC)).order_by("starts_at")


async def test_a_case_goes_from_hearing_to_completion_only_when_every_sanction_is_settled(client, demo):
    case, hearing = await scheduled_case(demo)
    actor = await coordinator(demo)
    await move_case(actor, case, "schedule")
    await open_hearing_window(hearing)
    await sign_in(client, "coordinator")
    assert (await post_form(client, f"/cases/{case.id}/step", {"step": "hear"})).status_code == 303
    due = (clock.today() + timedelta(days=30)).isoformat()
    await post_form(client, f"/cases/{case.id}/sanctions", {"kind": "jury_duty", "due_on": due})
    await post_form(client, f"/cases/{case.id}/sanctions", {"kind": "restitution", "amount": "40", "due_on": due})
    assert (await post_form(client, f"/cases/{case.id}/step", {"step": "dispose"})).status_code == 303

    early = await post_form(client, f"/cases/{case.id}/step", {"step": "complete"})
    assert early.status_code == 400
    assert "Every sanction must be done or waived" in Page(early.text).text

    duty = await Sanction.get(case_id=case.id, kind="jury_duty")
    money = await Sanction.get(case_id=case.id, kind="restitution")
    assert duty.quantity == 7
    await post_form(client, f"/cases/{case.id}/sanctions/{money.id}/payments",
                    {"amount": "15.00", "paid_on": clock.today().isoformat()})
    await post_form(client, f"/cases/{case.id}/sanctions/{money.id}/payments",
                    {"amount": "25", "paid_on": clock.today().isoformat()})
    unreasoned = await post_form(client, f"/cases/{case.id}/sanctions/{duty.id}/status", {"status": "waived"})
    assert unreasoned.status_code == 400
    await post_form(client, f"/cases/{case.id}/sanctions/{duty.id}/status",
                    {"status": "waived", "reason": "Moved out of the district"})
    done = await post_form(client, f"/cases/{case.id}/step", {"step": "complete"})

    assert done.status_code == 303
    assert (await Sanction.get(id=money.id)).status == "done"
    case = await Case.get(id=case.id)
    assert case.state == CaseState.COMPLETED and case.closed_on == clock.today(demo.time_zone)  # the program's day
    states = await CaseEvent.filter(case_id=case.id).exclude(from_state__in=["completed"]).values_list(
        "to_state", flat=True)
    assert {"intake", "scheduled", "heard", "monitoring", "completed"} <= set(states)


async def test_jury_duty_makes_the_respondent_an_active_juror_again(client, demo):
    case, hearing = await scheduled_case(demo)
    actor = await coordinator(demo)
    await Membership.filter(person_id=case.respondent_id, role=Role.JUROR).update(status=MembershipStatus.INACTIVE)
    await move_case(actor, case, "schedule")
    await open_hearing_window(hearing)
    await move_case(actor, case, "hear")
    await sign_in(client, "coordinator")
    await post_form(client, f"/cases/{case.id}/sanctions", {"kind": "jury_duty", "quantity": "3"})
    await post_form(client, f"/cases/{case.id}/step", {"step": "dispose"})

    juror = await Membership.get(person_id=case.respondent_id, role=Role.JUROR)
    assert juror.status == MembershipStatus.ACTIVE
    await sign_in(client, "respondent")
    html = (await client.get("/me")).text
    me = Page(html)
    assert "0 of 3 jury sessions served, 3 to go." in me.text
    assert '<progress max="3" value="0" aria-label="Jury sessions served">' in html


async def test_the_case_list_filters_by_state_and_is_for_coordinators_only(client, demo):
    await referred_case(demo)
    await sign_in(client, "coordinator")
    listed = Page((await client.get("/cases")).text)
    filtered = Page((await client.get("/cases?state=completed")).text)
    assert "Tanya Reyes" in listed.text
    assert "Tanya Reyes" not in filtered.text
    results = Page((await client.get("/cases?state=completed", headers=PARTIAL)).text)  # the list without the dashboard
    states = dict(await Case.all().values_list("id", "state"))
    listed = {int(link.split("/")[2]) for link in results.links if re.fullmatch(r"/cases/\d+", link)}
    assert listed and all(states[case_id] == CaseState.COMPLETED for case_id in listed)
    await sign_in(client, "juror")
    assert (await client.get("/cases")).status_code == 404


async def test_every_view_of_a_case_is_logged_and_coordinators_read_the_log(client, demo):
    case = await referred_case(demo)
    await sign_in(client, "respondent")
    assert (await client.get(f"/cases/{case.id}")).status_code == 200
    await sign_in(client, "coordinator")
    page = Page((await client.get(f"/cases/{case.id}")).text)

    assert await CaseView.filter(case_id=case.id).count() == 2
    assert "Tanya Reyes (page:own)" in page.text
    assert SUMMARY in page.text


async def test_a_case_number_too_large_for_any_case_finds_nothing_and_breaks_nothing(client, demo):
    await sign_in(client, "coordinator")
    for number in ("2147483648", "#9223372036854775808", "1" * 30):  # past a 32-bit key, past 64 bits
        response = await client.get("/cases", params={"q": number})
        assert response.status_code == 200, number
        results = response.text[response.text.index('id="case-results"'):]
        assert "No cases." in results[:results.index("</div>")], number
