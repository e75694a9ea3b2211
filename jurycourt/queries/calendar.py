"""The coordinator's calendar: hearings of their programs in a week, a month or a list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.hearings import month_grid, week_start
from jurycourt.i18n import gettext
from jurycourt.i18n.formatting import local_date
from jurycourt.models import Hearing, Program, Room, Seat
from jurycourt.queries.coordinator_day import with_seat_counts

VIEWS = ("week", "month", "list")
LIST_DAYS = 28


@dataclass
class CalendarView:
    view: str
    anchor: date
    days: list[date]
    weeks: list[list[date]]
    by_day: dict[date, list[Hearing]] = field(default_factory=dict)
    previous: date | None = None
    following: date | None = None
    zone: str = "UTC"

    @property
    def heading(self) -> str:
        """The span shown, in the reader's language ("December 2026", "Dec 7 – Dec 13, 2026")."""
        if self.view == "month":
            return local_date(self.anchor, "month")
        first, last = self.days[0], self.days[-1]
        return gettext("%(first)s – %(last)s") % {"first": local_date(first, "day_month"),
                                                   "last": local_date(last, "date")}


def _span(view: str, anchor: date) -> tuple[list[date], list[list[date]], date, date]:
    if view == "month":
        weeks = month_grid(anchor.year, anchor.month)
        prev_month = (anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
        next_month = (anchor.replace(day=28) + timedelta(days=4)).replace(day=1)
        return [d for w in weeks for d in w], weeks, prev_month, next_month
    if view == "week":
        start = week_start(anchor)
        days = [start + timedelta(days=i) for i in range(7)]
        return days, [days], start - timedelta(days=7), start + timedelta(days=7)
    days = [anchor + timedelta(days=i) for i in range(LIST_DAYS)]
    return days, [], anchor - timedelta(days=LIST_DAYS), anchor + timedelta(days=LIST_DAYS)


async def calendar_view(viewer: Viewer, view: str, anchor: date) -> CalendarView:
    """Hearings of the viewer's programs in the span shown, grouped by local day."""
    require(coordinates(viewer))
    view = view if view in VIEWS else "week"
    days, weeks, previous, following = _span(view, anchor)
    programs = await Program.filter(id__in=viewer.coordinated_programs).order_by("id")
    program = programs[0] if programs else None
    zone = program.time_zone if program else "UTC"
    tz = ZoneInfo(zone)
    start = datetime.combine(days[0], time.min, tz).astimezone(UTC)
    end = datetime.combine(days[-1] + timedelta(days=1), time.min, tz).astimezone(UTC)
    hearings = await Hearing.filter(
        program_id__in=viewer.coordinated_programs, starts_at__gte=start, starts_at__lt=end
    ).select_related("room").order_by("starts_at", "id")
    await with_seat_counts(list(hearings), {p.id: p for p in programs})
    by_day: dict[date, list[Hearing]] = {}
    for hearing in hearings:
        by_day.setdefault(hearing.starts_at.astimezone(tz).date(), []).append(hearing)
    return CalendarView(view, anchor, days, weeks, by_day, previous, following, zone)


async def hearing_for_coordinator(viewer: Viewer, hearing_id: int) -> Hearing:
    """A hearing of one of the viewer's programs (404 otherwise)."""
    require(coordinates(viewer))
    hearing = await Hearing.filter(id=hearing_id, program_id__in=viewer.coordinated_programs).select_related(
        "room", "program"
    ).first()
    if hearing is None:
        raise NotFound()
    return hearing


async def rooms_of(viewer: Viewer) -> list[Room]:
    return await Room.filter(program_id__in=viewer.coordinated_programs).order_by("venue", "name")


async def seats_of(hearing: Hearing) -> list[Seat]:
    """The hearing's seats with their people, in the order they were made (``hearing`` from
    ``hearing_for_coordinator``)."""
    return await Seat.filter(hearing_id=hearing.id).select_related("person").order_by("id")
