"""Give the browser server's database a case in its hearing's window with three seated jurors.

Run as ``python -m tests.browser.room_setup`` with the server's JURYCOURT_* environment; prints
the docket entry id of the jury room. A hearing of its own keeps the demo's hearings as they were.
``python -m tests.browser.room_setup close ENTRY`` ends the decided view of that room now (as if its
time were over).
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta

from jurycourt import clock
from jurycourt.auth.passwords import make_hasher
from jurycourt.cli import database
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import Account, Case, Deliberation, DocketEntry, Hearing, Membership, Person, Program, Seat
from jurycourt.settings import from_env

SEATS = {"foreperson": SeatRole.FOREPERSON, "juror": SeatRole.JUROR, "roomjuror": SeatRole.JUROR}


async def setup() -> int:
    program = await Program.all().order_by("id").first()
    today = clock.today()
    if not await Account.exists(login="roomjuror"):  # made once: each test asks for a room of its own
        marcus = await Person.create(given_name="Marcus", family_name="Roomtester",
                                     date_of_birth=today - timedelta(days=16 * 365))
        await Membership.create(person=marcus, program=program, role=Role.JUROR, training_date=today,
                                pledge_date=today)
        await Account.create(person=marcus, login="roomjuror",
                             password_hash=make_hasher("cheapest").hash(DEMO_PASSWORD))
    respondent = await Person.create(given_name="Devon", family_name="Roomcase",
                                     date_of_birth=today - timedelta(days=15 * 365))
    now = datetime.now(UTC)
    hearing = await Hearing.create(program=program, kind=SessionKind.JURY_HEARING, title="Jury room journey",
                                   starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=3),
                                   status=HearingStatus.CONFIRMED)
    case = await Case.create(program=program, respondent=respondent, state=CaseState.SCHEDULED, agency="police",
                             referral_date=today, offence_category="shoplifting",
                             summary="Took a phone charger and admitted it.")
    entry = await DocketEntry.create(hearing=hearing, case=case)
    for login, role in SEATS.items():
        account = await Account.get(login=login)
        await Seat.create(hearing=hearing, person_id=account.person_id, role=role, status=SeatStatus.ACCEPTED)
    return entry.id


async def close(entry_id: int) -> None:
    entry = await DocketEntry.get(id=entry_id)
    await Deliberation.filter(hearing_id=entry.hearing_id, case_id=entry.case_id).update(
        sealed_at=datetime.now(UTC) - timedelta(days=30))


async def main() -> None:
    async with database(from_env()):
        if sys.argv[1:2] == ["close"]:
            await close(int(sys.argv[2]))
        else:
            print(await setup())


if __name__ == "__main__":
    asyncio.run(main())
