"""Who learns what about a case: each role against each view, before, during and after the
hearing window. Anyone without access is told the case does not exist (404)."""

from __future__ import annotations

import pytest

from jurycourt.actions.cases import move_case
from jurycourt.actions.sanctions import add_sanction
from jurycourt.actions.seating import docket_parties
from jurycourt.domain.hearings import SeatStatus
from jurycourt.domain.sanctions import SanctionKind, SanctionTerms
from jurycourt.domain.seating import PartyRole, SeatRole
from jurycourt.models import CaseGuardian, CaseView, DocketEntry, Seat
from tests.web.cases_helpers import SUMMARY, coordinator, open_hearing_window, scheduled_case
from tests.web.helpers import Page, sign_in
from tests.web.members import other_program_coordinator, person_id

FULL, OWN, BRIEF, HIDDEN = "full", "own", "brief", "hidden"
#: login → what they see (before the hearing's day, on it, after the disposition).
MATRIX = {
    "coordinator": (FULL, FULL, FULL),
    "respondent": (OWN, OWN, OWN),
    "guardian": (OWN, OWN, OWN),
    "juror": (HIDDEN, BRIEF, HIDDEN),  # seated at the case's hearing
    "panelist": (HIDDEN, HIDDEN, HIDDEN),
    "elsewhere": (HIDDEN, HIDDEN, HIDDEN),  # a coordinator of another program
}


def seen(response) -> str:
    if response.status_code == 404:
        return HIDDEN
    assert response.status_code == 200
    text = Page(response.text).text
    if "Who has viewed this case" in text:
        return FULL
    if "Case brief" in text:
        assert "Reyes" not in text and "202-555" not in text, "a brief never names the family"
        assert "Tanya" in text and SUMMARY in text
        return BRIEF
    assert SUMMARY not in text and "agreed to do" in text  # the family's own page, in their words
    return OWN


@pytest.fixture
async def case_on_docket(demo):
    await other_program_coordinator()
    case, hearing = await scheduled_case(demo)
    await move_case(await coordinator(demo), case, "schedule")
    await Seat.filter(hearing_id=hearing.id, person_id=await person_id("juror")).delete()
    await Seat.create(hearing_id=hearing.id, person_id=await person_id("juror"), role=SeatRole.JUROR,
                      status=SeatStatus.ACCEPTED)
    await Seat.filter(hearing_id=hearing.id, person_id=await person_id("panelist")).delete()
    return case, hearing


async def _views(client, case_id: int) -> dict[str, str]:
    result = {}
    for login in MATRIX:
        await sign_in(client, login)
        result[login] = seen(await client.get(f"/cases/{case_id}"))
    return result


async def test_the_confidentiality_matrix_before_during_and_after_the_hearing_window(client, demo, case_on_docket):
    case, hearing = case_on_docket
    actor = await coordinator(demo)
    before = await _views(client, case.id)
    await open_hearing_window(hearing)
    await move_case(actor, case, "hear")
    during = await _views(client, case.id)
    await add_sanction(actor, case, SanctionTerms(SanctionKind.ESSAY), None)
    await move_case(actor, case, "dispose")
    after = await _views(client, case.id)

    for login, expected in MATRIX.items():
        assert (before[login], during[login], after[login]) == expected, login


async def test_a_hidden_case_leaves_no_view_in_the_log_and_a_seen_one_does(client, case_on_docket):
    case, _ = case_on_docket
    await sign_in(client, "panelist")
    await client.get(f"/cases/{case.id}")
    assert not await CaseView.exists(case_id=case.id)
    await sign_in(client, "guardian")
    await client.get(f"/cases/{case.id}")
    assert await CaseView.filter(case_id=case.id, viewer_id=await person_id("guardian")).count() == 1


async def test_case_steps_are_hidden_from_everyone_but_coordinators(client, case_on_docket):
    case, _ = case_on_docket
    from tests.web.helpers import post_form

    await sign_in(client, "respondent")
    response = await post_form(client, f"/cases/{case.id}/step", {"step": "withdraw", "reason": "x"})
    assert response.status_code == 404


async def _others_on(hearing, case) -> set[int]:
    """Respondents and guardians of the other cases on the hearing's docket (the demo's own)."""
    entries = await DocketEntry.filter(hearing_id=hearing.id).exclude(case_id=case.id).select_related("case")
    guardians = await CaseGuardian.filter(case_id__in=[e.case_id for e in entries]).values_list("person_id", flat=True)
    return {e.case.respondent_id for e in entries} | set(guardians)


async def test_the_docket_parties_are_the_respondent_and_guardians_so_seating_never_seats_them(
        demo, case_on_docket):
    case, hearing = case_on_docket
    parties = await docket_parties(hearing)

    theirs = {(p.person_id, p.role) for p in parties if p.person_id not in await _others_on(hearing, case)}
    assert theirs == {
        (await person_id("respondent"), PartyRole.RESPONDENT), (await person_id("guardian"), PartyRole.GUARDIAN)}
