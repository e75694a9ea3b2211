"""The jury rooms a person sits in, for their own page: waiting, open, or decided (read-only for a
while), each with its hearing's time and place, soonest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from jurycourt.auth.viewer import Viewer
from jurycourt.db import as_utc
from jurycourt.domain.case_access import JUROR_STATES
from jurycourt.domain.hearings import SHEET_SEATS, HearingStatus
from jurycourt.domain.jury_room import decided_view_open
from jurycourt.domain.seating import SeatRole
from jurycourt.models import CaseGuardian, Deliberation, DocketEntry, Hearing, Seat
from jurycourt.queries.jury_room import JURY_ROLES

#: Rooms of hearings this far back still show while they are open (a case heard but not decided).
LOOK_BACK = timedelta(days=30)
#: At most this many rooms are listed (a juror sits on one or two hearings at a time).
ROOMS_SHOWN = 12


class RoomState(StrEnum):
    WAITING = "waiting"  # before the hearing's day: the brief and the room open that day
    OPEN = "open"
    DECIDED = "decided"


@dataclass(frozen=True)
class MyRoom:
    entry_id: int
    case_id: int
    hearing: Hearing
    role: SeatRole
    state: RoomState
    opens_on: date

    @property
    def today(self) -> bool:
        """The room's hearing is today or has started (its room is live)."""
        return self.state != RoomState.WAITING


async def my_rooms(viewer: Viewer) -> list[MyRoom]:
    """The viewer's jury rooms (seated as foreperson or juror, invited or accepted) as they may
    enter them now (the rule is queries.jury_room's door): in four queries."""
    now = datetime.now(UTC)
    seats = {hearing_id: role for hearing_id, role in await Seat.filter(
        person_id=viewer.person_id, status__in=list(SHEET_SEATS), role__in=list(JURY_ROLES),
        hearing__starts_at__gte=now - LOOK_BACK, hearing__status__not=HearingStatus.CANCELLED,
    ).values_list("hearing_id", "role")}
    if not seats:
        return []
    entries = await DocketEntry.filter(hearing_id__in=list(seats), case__sealed_at__isnull=True).select_related(
        "case", "hearing", "hearing__room", "hearing__program").order_by("hearing__starts_at", "id").limit(ROOMS_SHOWN)
    sealed = {(hearing_id, case_id): at for hearing_id, case_id, at in await Deliberation.filter(
        hearing_id__in=list(seats), sealed_at__isnull=False).values_list("hearing_id", "case_id", "sealed_at")}
    guarded = set(await CaseGuardian.filter(person_id=viewer.person_id).values_list("case_id", flat=True))
    rooms = []
    for entry in entries:
        case, hearing = entry.case, entry.hearing
        if viewer.person_id == case.respondent_id or case.id in guarded:
            continue
        zone = ZoneInfo(hearing.program.time_zone)
        day = hearing.starts_at.astimezone(zone).date()
        decided_at = sealed.get((hearing.id, case.id))
        if decided_at is not None:
            if not decided_view_open(as_utc(decided_at), now, hearing.program.rules):
                continue
            state = RoomState.DECIDED
        elif case.state not in JUROR_STATES:
            continue
        else:
            state = RoomState.WAITING if now.astimezone(zone).date() < day else RoomState.OPEN
        rooms.append(MyRoom(entry.id, case.id, hearing, SeatRole(seats[hearing.id]), state, day))
    return rooms
