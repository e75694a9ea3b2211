"""Give the browser server's database a jury hearing of this evening that the demo respondent sat
through: it started three hours ago, and the coordinator's tablet checked her in when it began.
Checking her out and marking it held is left to the coordinator, in the browser.

Run as ``python -m tests.browser.duty_setup`` with the server's JURYCOURT_* environment; prints
the hearing's id. A hearing of its own keeps the demo's hearings as they were for other tests.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from jurycourt.cli import database
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import Account, Hearing, Program, Room, Seat
from jurycourt.settings import from_env

TITLE = "Evening docket, duty journey"


async def setup() -> int:
    program = await Program.all().order_by("id").first()
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    starts = now - timedelta(hours=3)
    room = await Room.filter(program=program).order_by("id").first()
    hearing = await Hearing.create(program=program, kind=SessionKind.JURY_HEARING, title=TITLE, starts_at=starts,
                                   ends_at=now - timedelta(minutes=5), room=room, status=HearingStatus.CONFIRMED)
    respondent = await Account.get(login="respondent")
    await Seat.create(hearing=hearing, person_id=respondent.person_id, role=SeatRole.JUROR,
                      status=SeatStatus.ACCEPTED, invited_at=starts - timedelta(days=7), checked_in_at=starts)
    return hearing.id


async def main() -> None:
    async with database(from_env()):
        print(await setup())


if __name__ == "__main__":
    asyncio.run(main())
