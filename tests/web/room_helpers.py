"""A case in its hearing's window with a seated jury, for the jury room's tests."""

from __future__ import annotations

from jurycourt.actions.cases import move_case
from jurycourt.auth.passwords import make_hasher
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.hearings import SeatStatus
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole
from jurycourt.models import Account, DocketEntry, Program, Seat
from tests.web.cases_helpers import coordinator, open_hearing_window, scheduled_case
from tests.web.members import new_member, person_id

#: The seated jury: login → role. "juror2" is made for the tests.
JURY = {"foreperson": SeatRole.FOREPERSON, "juror": SeatRole.JUROR, "juror2": SeatRole.JUROR}


async def room_on_hearing_day(program: Program) -> DocketEntry:
    """A scheduled case whose hearing is today, with exactly the three jurors of JURY seated."""
    person = await new_member(program, Role.JUROR, "Marcus", "Tester")
    await Account.create(person=person, login="juror2", password_hash=make_hasher("cheapest").hash(DEMO_PASSWORD))
    case, hearing = await scheduled_case(program)
    await move_case(await coordinator(program), case, "schedule")
    await open_hearing_window(hearing)
    await Seat.filter(hearing_id=hearing.id).delete()
    for login, role in JURY.items():
        await Seat.create(hearing_id=hearing.id, person_id=await person_id(login), role=role,
                          status=SeatStatus.ACCEPTED)
    return await DocketEntry.get(case_id=case.id)
