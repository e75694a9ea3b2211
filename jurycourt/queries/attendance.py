"""The attendance sheet of a hearing, and the minutes each seat earns from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import (
    SHEET_SEATS,
    HearingStatus,
    SheetMark,
    check_attendance_open,
)
from jurycourt.domain.ledger import service_credit
from jurycourt.domain.seating import SeatRole
from jurycourt.models import Hearing, Seat
from jurycourt.queries.calendar import hearing_for_coordinator

ROLE_ORDER = {role: n for n, role in enumerate(SeatRole)}


@dataclass(frozen=True)
class SheetRow:
    """One person on the sheet, with the minutes to be credited once they have checked out."""

    seat: Seat
    minutes: int | None

    @property
    def state(self) -> SheetMark:
        """expected, in, out or no-show (also the row's CSS class)."""
        if self.seat.no_show:
            return SheetMark.NO_SHOW
        if self.seat.checked_out_at:
            return SheetMark.OUT
        return SheetMark.IN if self.seat.checked_in_at else SheetMark.EXPECTED


@dataclass(frozen=True)
class Sheet:
    """A hearing's attendance sheet: its rows, and why taps are refused now, if they are."""

    hearing: Hearing
    rows: list[SheetRow]
    closed_because: str  # why taps are refused now ("" while attendance is open)
    #: Outside the hearing's time a coordinator may still tap, giving a reason (audited).
    override_allowed: bool = False

    def count(self, state: SheetMark | str) -> int:
        """How many rows stand at ``state`` (a name that is no ``SheetMark`` raises)."""
        mark = SheetMark(state)
        return sum(1 for row in self.rows if row.state == mark)

    @property
    def everyone_out(self) -> bool:
        """Everyone has checked out or was a no-show, and someone came."""
        out = self.count(SheetMark.OUT)
        return bool(self.rows) and out > 0 and out + self.count(SheetMark.NO_SHOW) == len(self.rows)

    @property
    def may_mark_held(self) -> bool:
        return self.everyone_out and self.hearing.status == HearingStatus.CONFIRMED


def closed_because(hearing: Hearing, now: datetime) -> tuple[str, bool]:
    """Why attendance can't be taken at ``hearing`` now ("" when it can), and whether a reason
    would let a coordinator take it anyway (outside the hearing's time)."""
    try:
        check_attendance_open(hearing.status, hearing.starts_at, now, ends_at=hearing.ends_at,
                              rules=hearing.program.rules)
    except Refused as refusal:
        return refusal.message, refusal.field == "override"
    return "", False


def row(seat: Seat, hearing: Hearing) -> SheetRow:
    return SheetRow(seat, service_credit(seat, hearing.program.rules))


async def attendance_sheet(viewer: Viewer, hearing_id: int, now: datetime) -> Sheet:
    """The sheet of a hearing the viewer coordinates (404 otherwise): invited and accepted seats,
    lead roles first, then by name."""
    hearing = await hearing_for_coordinator(viewer, hearing_id)
    seats = await Seat.filter(hearing_id=hearing.id, status__in=list(SHEET_SEATS)).select_related("person")
    seats.sort(key=lambda s: (ROLE_ORDER[s.role], s.person.family_name, s.person.given_name, s.id))
    return Sheet(hearing, [row(seat, hearing) for seat in seats], *closed_because(hearing, now))


async def sheet_row(viewer: Viewer, hearing_id: int, seat_id: int, now: datetime) -> Sheet:
    """The sheet with just one person's row (what an htmx tap swaps back)."""
    hearing = await hearing_for_coordinator(viewer, hearing_id)
    seat = await Seat.filter(id=seat_id, hearing_id=hearing.id, status__in=list(SHEET_SEATS)).select_related(
        "person").first()
    if seat is None:
        raise NotFound()
    return Sheet(hearing, [row(seat, hearing)], *closed_because(hearing, now))


async def held_seat(hearing: Hearing, seat_id: int) -> Seat:
    """One seat on the sheet of a held hearing (``hearing`` from ``hearing_for_coordinator``), with
    its person; NotFound otherwise."""
    seat = await Seat.filter(id=seat_id, hearing_id=hearing.id, status__in=list(SHEET_SEATS)
                             ).select_related("person").first()
    if seat is None or hearing.status != HearingStatus.HELD:
        raise NotFound()
    return seat
