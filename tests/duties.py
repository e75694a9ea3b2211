"""Seats at hearings for tests: rows made directly, the way seating would leave them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import Account, Hearing, Person, Program, Room, Seat

#: A hearing title that must never leave jurycourt (a coordinator typed a respondent's name).
CONFIDENTIAL_TITLE = "Reyes shoplifting matter"
_rooms = itertools.count(1)


async def court(name: str = "Northside Youth Court", zone: str = "America/New_York") -> Program:
    return await Program.create(name=name, time_zone=zone)


async def someone(given: str = "Imani", email: str = "imani@example.org") -> Person:
    return await Person.create(given_name=given, family_name="Castillo", email=email)


async def hearing_at(program: Program, starts_at: datetime, *, hours: int = 3, room: bool = True,
                     kind: SessionKind = SessionKind.JURY_HEARING,
                     status: HearingStatus = HearingStatus.CONFIRMED) -> Hearing:
    where = None
    if room:
        where = await Room.create(program=program, venue="Main courthouse", name=f"Room {next(_rooms)}")
    return await Hearing.create(program=program, kind=kind, title=CONFIDENTIAL_TITLE, starts_at=starts_at,
                                ends_at=starts_at + timedelta(hours=hours), room=where, status=status)


async def seat_for(who: str | Person, hearing: Hearing, *, role: SeatRole = SeatRole.JUROR,
                   status: SeatStatus = SeatStatus.ACCEPTED) -> Seat:
    """A seat for a person, or for the person behind a login."""
    person_id = who.id if isinstance(who, Person) else (await Account.get(login=who)).person_id
    return await Seat.create(hearing=hearing, person_id=person_id, role=role, status=status,
                             invited_at=datetime.now(UTC))
