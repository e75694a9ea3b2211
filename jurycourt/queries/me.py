"""What a person's own page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Subquery

from jurycourt.auth.viewer import Viewer
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.roles import SERVING_ROLES, MembershipStatus
from jurycourt.models import Account, Membership, Seat


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


async def coordinator_todo(viewer: Viewer) -> list[TodoItem]:
    """Work waiting for a coordinator. Later areas (seats, sanctions, rewards…) add rows."""
    programs = viewer.coordinated_programs
    with_account = Account.all().values("person_id")
    serving = Membership.filter(
        program_id__in=programs, status=MembershipStatus.ACTIVE, role__in=list(SERVING_ROLES)
    )
    items = [
        TodoItem(
            "Declined seats at coming hearings (offer them to the next eligible person)",
            await Seat.filter(
                status=SeatStatus.DECLINED, hearing__program_id__in=programs,
                hearing__starts_at__gte=datetime.now(UTC),
                hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
            ).count(),
            "calendar",
        ),
        TodoItem(
            "Active members who have no account yet (give them an invitation)",
            await serving.filter(person_id__not_in=Subquery(with_account)).count(),
            "people",
        ),
        TodoItem(
            "Serving members without a confidentiality pledge on record",
            await serving.filter(pledge_date=None).count(),
            "people",
        ),
        TodoItem(
            "Serving members without a training date on record",
            await serving.filter(training_date=None).count(),
            "people",
        ),
    ]
    return [item for item in items if item.count]
