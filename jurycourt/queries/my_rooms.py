"""The jury rooms a person sits in, for their own page: waiting, open, or decided (read-only for a
while), each with its hearing's time and place, soonest first."""

# The SQL here is built from fixed names and placeholders only, never from input:
# ruff: noqa: S608

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.auth.viewer import Viewer
from jurycourt.db import Params, as_utc, fetch_rows
from jurycourt.domain.case_access import JUROR_STATES
from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import SHEET_SEATS, HearingStatus
from jurycourt.domain.jury_room import decided_view_open
from jurycourt.domain.seating import SeatRole, SessionKind
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
    """One room on the person's page: its case, its hearing's time and place, their seat."""

    entry_id: int
    case_id: int
    title: str
    starts_at: datetime
    venue: str | None
    room_name: str | None
    time_zone: str
    role: SeatRole
    state: RoomState
    opens_on: date

    @property
    def today(self) -> bool:
        """The room's hearing is today or has started (its room is live)."""
        return self.state != RoomState.WAITING


def _sql(p: Params, person_id: int, since: datetime) -> str:
    person = p(person_id)
    statuses, roles = sorted(str(s) for s in SHEET_SEATS), sorted(str(r) for r in JURY_ROLES)
    return (
        "SELECT e.id, c.id, c.state, h.title, h.kind, h.starts_at, r.venue, r.name, p.time_zone, p.rules, s.role,"
        " d.sealed_at"
        " FROM seat s JOIN hearing h ON h.id = s.hearing_id JOIN program p ON p.id = h.program_id"
        " JOIN docket_entry e ON e.hearing_id = h.id JOIN case_file c ON c.id = e.case_id"
        " LEFT JOIN room r ON r.id = h.room_id"
        " LEFT JOIN deliberation d ON d.hearing_id = h.id AND d.case_id = c.id"
        f" WHERE s.person_id = {person} AND s.status IN ({p.each(statuses)}) AND s.role IN ({p.each(roles)})"
        f" AND h.starts_at >= {p(since)} AND h.status <> {p(str(HearingStatus.CANCELLED))} AND c.sealed_at IS NULL"
        f" AND (c.respondent_id IS NULL OR c.respondent_id <> {person})"
        f" AND NOT EXISTS (SELECT 1 FROM case_guardian g WHERE g.case_id = c.id AND g.person_id = {person})"
        f" ORDER BY h.starts_at, e.position, e.id LIMIT {ROOMS_SHOWN:d}"
    )


async def my_rooms(viewer: Viewer) -> list[MyRoom]:
    """The viewer's jury rooms (seated as foreperson or juror, invited or accepted), as the room's
    room access (queries.jury_room) lets them in now; parties to a case never see its room. One query."""
    now = clock.now()
    rows = await fetch_rows(lambda p: _sql(p, viewer.person_id, now - LOOK_BACK))
    rooms = []
    for entry_id, case_id, state, title, kind, starts_at, venue, room_name, time_zone, rules, role, sealed_at in rows:
        starts = as_utc(starts_at)
        zone = ZoneInfo(time_zone)
        day = starts.astimezone(zone).date()
        if sealed_at is not None:
            if not decided_view_open(as_utc(sealed_at), now, json.loads(rules) if isinstance(rules, str) else rules):
                continue
            room_state = RoomState.DECIDED
        elif CaseState(state) not in JUROR_STATES:
            continue
        else:
            room_state = RoomState.WAITING if now.astimezone(zone).date() < day else RoomState.OPEN
        rooms.append(MyRoom(entry_id, case_id, title or SessionKind(kind).label, starts, venue, room_name, time_zone,
                            SeatRole(role), room_state, day))
    return rooms
