"""Reading the outbox: a coordinator sees the messages to people of the programs they coordinate."""

from __future__ import annotations

from tortoise.expressions import Subquery

from jurycourt.auth.policy import may_manage_people, require
from jurycourt.auth.viewer import Viewer
from jurycourt.models import Membership, OutboxMessage
from jurycourt.queries.paging import Page, paginate


async def outbox_page(viewer: Viewer, number: int) -> Page:
    """One page of messages to the viewer's people, newest first (404 for anyone not a coordinator)."""
    require(may_manage_people(viewer))
    members = Membership.filter(program_id__in=viewer.coordinated_programs).values("person_id")
    query = OutboxMessage.filter(person_id__in=Subquery(members)).select_related("person").order_by("-id")
    return await paginate(query, number)
