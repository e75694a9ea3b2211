"""The docket and jury duty owed feed seating: parties are never seated, owers come first."""

from __future__ import annotations

from datetime import UTC, datetime

from jurycourt import clock
from jurycourt.actions.docket import put_on_docket
from jurycourt.actions.seating import propose_seats
from jurycourt.domain.cases import CaseState
from jurycourt.domain.sanctions import SanctionKind
from jurycourt.domain.seating import SessionKind
from jurycourt.models import Case, Hearing, Sanction, Seat
from jurycourt.queries.jury_duty import owed_sessions
from tests.web.cases_helpers import coordinator, scheduled_case
from tests.web.members import person_id


async def _later_hearing(demo, besides: int) -> Hearing:
    hearings = await Hearing.filter(program_id=demo.id, kind=SessionKind.JURY_HEARING,
                                    starts_at__gt=datetime.now(UTC)).exclude(id=besides).order_by("starts_at")
    for hearing in hearings:
        if not await Seat.filter(hearing_id=hearing.id).exclude(status="proposed").exists():
            return hearing
    raise AssertionError("the demo has no unseated jury hearing")


async def test_a_respondent_on_the_docket_is_never_proposed_as_a_juror_at_that_hearing(demo):
    case, first = await scheduled_case(demo)
    later = await _later_hearing(demo, first.id)
    actor = await coordinator(demo)
    await put_on_docket(actor, case, later.id)

    stored = await propose_seats(actor, later, seed=7)

    seated = set(await Seat.filter(hearing_id=later.id).values_list("person_id", flat=True))
    tanya = await person_id("respondent")
    assert tanya not in seated
    assert [tanya, "respondent"] in [p[:2] for p in stored.inputs["parties"]]


async def test_jury_duty_owed_after_a_disposition_is_counted_for_seating(demo):
    case, _ = await scheduled_case(demo)
    before = await owed_sessions(demo.id)  # the demo's own monitored cases owe some already
    await Case.filter(id=case.id).update(state=CaseState.MONITORING, disposition_date=clock.today())
    await Sanction.create(case_id=case.id, kind=SanctionKind.JURY_DUTY, quantity=5)

    owed = await owed_sessions(demo.id)

    tanya = await person_id("respondent")
    assert owed == {**before, tanya: before.get(tanya, 0) + 5}
