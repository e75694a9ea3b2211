"""A coordinator's day, at the top of their own page: today's hearings and sessions in their
programs (with how many seats are filled), then what waits for their approval: publications a
colleague submitted (reward requests and service claims are counted by the to-do list, queries.me)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.hearings import SeatStatus
from jurycourt.domain.publication import PublicationState
from jurycourt.domain.seating import SessionKind, seat_plan
from jurycourt.models import Hearing, Program, Publication, Seat

#: How many of each kind of waiting item the day lists by name (the rest are counted).
LISTED = 5


@dataclass
class CoordinatorDay:
    zone: str
    today: list[Hearing] = field(default_factory=list)  # each with .seats_filled and .seats_planned
    publications: list[Publication] = field(default_factory=list)


def seats_planned(hearing: Hearing, program: Program) -> int:
    """How many seats the session kind has under the program's rules (0 when it cannot say)."""
    try:
        return sum(count for _, count in seat_plan(SessionKind(hearing.kind), program.rules))
    except (ValueError, KeyError):
        return 0


async def with_seat_counts(hearings: list[Hearing], programs: dict[int, Program]) -> list[Hearing]:
    """``hearings`` with ``.seats_filled`` (accepted seats) and ``.seats_planned``, in one query."""
    accepted = Counter(await Seat.filter(hearing_id__in=[h.id for h in hearings], status=SeatStatus.ACCEPTED)
                       .values_list("hearing_id", flat=True)) if hearings else Counter()
    for hearing in hearings:
        hearing.seats_filled = accepted[hearing.id]
        hearing.seats_planned = seats_planned(hearing, programs[hearing.program_id])
    return hearings


async def coordinator_day(viewer: Viewer) -> CoordinatorDay:
    """Today's sessions of the viewer's programs, soonest first, and the approvals waiting for them."""
    ids = list(viewer.coordinated_programs)
    programs = {p.id: p for p in await Program.filter(id__in=ids).order_by("id")}
    zone = next(iter(programs.values())).time_zone if programs else "UTC"
    tz = ZoneInfo(zone)
    today = clock.today(zone)
    start = datetime.combine(today, time.min, tz)
    hearings = await Hearing.filter(program_id__in=ids, starts_at__gte=start,
                                    starts_at__lt=start + timedelta(days=1)).select_related("room").order_by(
                                        "starts_at", "id")
    publications = await Publication.filter(program_id__in=ids, state=PublicationState.IN_REVIEW).exclude(
        submitted_by_id=viewer.person_id).order_by("id").limit(LISTED)
    return CoordinatorDay(zone=zone, today=await with_seat_counts(list(hearings), programs),
                          publications=list(publications))
