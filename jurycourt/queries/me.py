"""What a person's own page shows."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Subquery

from jurycourt.auth.viewer import Viewer
from jurycourt.domain.roles import MembershipStatus, SERVING_ROLES
from jurycourt.models import Account, Membership


@dataclass(frozen=True)
class TodoItem:
    """One line of a coordinator's to-do list: what needs doing, how many, and where."""

    text: str
    count: int
    route: str
    query: str = ""


async def coordinator_todo(viewer: Viewer) -> list[TodoItem]:
    """Work waiting for a coordinator. Later areas (seats, sanctions, rewards…) add rows."""
    programs = viewer.coordinated_programs
    with_account = Account.all().values("person_id")
    serving = Membership.filter(
        program_id__in=programs, status=MembershipStatus.ACTIVE, role__in=list(SERVING_ROLES)
    )
    items = [
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
