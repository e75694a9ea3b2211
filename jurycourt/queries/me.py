"""What a person's own page shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from jurycourt.auth.viewer import Viewer
from jurycourt.db import fetch_rows
from jurycourt.domain.hearings import HOLDING_SEATS, HearingStatus, SeatStatus
from jurycourt.domain.roles import SERVING_ROLES, MembershipStatus
from jurycourt.domain.seating import SeatRole, SessionKind, seat_plan, unfilled_declines
from jurycourt.models import Hearing, Seat
from jurycourt.queries.case_list import overdue_sanctions
from jurycourt.queries.inquiry_report import overdue_responses
from jurycourt.queries.ledger import waiting_count


@dataclass(frozen=True)
class TodoItem:
    """One line of a coordinator's to-do list: what needs doing, how many, and where."""

    text: str
    count: int
    route: str
    query: str = ""


async def upcoming_seats(viewer: Viewer) -> list[Seat]:
    """The viewer's seats at hearings still to come (invited, accepted or declined), soonest first."""
    return await Seat.filter(
        person_id=viewer.person_id, status__in=[SeatStatus.INVITED, SeatStatus.ACCEPTED, SeatStatus.DECLINED],
        hearing__ends_at__gte=datetime.now(UTC), hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
    ).select_related("hearing", "hearing__room", "hearing__program").order_by("hearing__starts_at").limit(20)


async def waiting_declines(programs: list[int]) -> int:
    """Declined seats at coming hearings of ``programs`` not yet offered to someone else."""
    hearing_ids = set(await Seat.filter(
        status=SeatStatus.DECLINED, hearing__program_id__in=programs, hearing__starts_at__gte=datetime.now(UTC),
        hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
    ).values_list("hearing_id", flat=True))
    if not hearing_ids:
        return 0
    hearings = await Hearing.filter(id__in=list(hearing_ids)).select_related("program")
    seats: dict[int, list[tuple[int, SeatRole, SeatStatus]]] = defaultdict(list)
    for seat_id, hearing_id, role, status in await Seat.filter(hearing_id__in=list(hearing_ids)).values_list(
            "id", "hearing_id", "role", "status"):
        seats[hearing_id].append((seat_id, SeatRole(role), SeatStatus(status)))
    return sum(len(unfilled_declines(
        seat_plan(SessionKind(h.kind), h.program.rules),
        [role for _, role, status in seats[h.id] if status in HOLDING_SEATS],
        [(sid, role) for sid, role, status in seats[h.id] if status == SeatStatus.DECLINED],
    )) for h in hearings)


async def _serving_gaps(programs: list[int]) -> tuple[int, int, int]:
    """Active serving members without an account, without a pledge, without training (one query)."""
    roles = sorted(str(r) for r in SERVING_ROLES)
    rows = await fetch_rows(
        "SELECT COALESCE(SUM(CASE WHEN a.id IS NULL THEN 1 ELSE 0 END), 0),"  # noqa: S608 - only placeholders are interpolated
        " COALESCE(SUM(CASE WHEN m.pledge_date IS NULL THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN m.training_date IS NULL THEN 1 ELSE 0 END), 0)"
        " FROM membership m LEFT JOIN account a ON a.person_id = m.person_id"
        f" WHERE m.status = ? AND m.program_id IN ({', '.join('?' * len(programs))})"
        f" AND m.role IN ({', '.join('?' * len(roles))})",
        [str(MembershipStatus.ACTIVE), *programs, *roles],
    )
    return tuple(int(v) for v in rows[0])  # type: ignore[return-value]


async def coordinator_todo(viewer: Viewer) -> list[TodoItem]:
    """Work waiting for a coordinator. Later areas (seats, sanctions, rewards…) add rows."""
    programs = viewer.coordinated_programs
    no_account, no_pledge, untrained = await _serving_gaps(programs)
    items = [
        TodoItem(
            "Declined seats at coming hearings (offer them to the next eligible person)",
            await waiting_declines(programs),
            "calendar",
        ),
        TodoItem(
            "Active members who have no account yet (give them an invitation)",
            no_account,
            "people",
        ),
        TodoItem(
            "Serving members without a confidentiality pledge on record",
            no_pledge,
            "people",
        ),
        TodoItem(
            "Serving members without a training date on record",
            untrained,
            "people",
        ),
        TodoItem(
            "Reward requests and service claims waiting for a decision",
            await waiting_count(programs),
            "program_credits",
        ),
        TodoItem(
            "Sanctions past their due date (follow up, waive or record the failure)",
            await overdue_sanctions(programs),
            "cases",
        ),
        TodoItem(
            "Inquiry findings whose named body has not responded by the deadline",
            await overdue_responses(programs, datetime.now(UTC).date()),
            "inquiries",
        ),
    ]
    return [item for item in items if item.count]
