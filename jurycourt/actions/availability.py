"""Declaring when a person can serve: by themselves, or by a coordinator on their behalf."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import MAX_FUTURE_AVAILABILITY, availability_span, merged_span, weekly_days
from jurycourt.domain.roles import SERVING_ROLES, MembershipStatus
from jurycourt.i18n import _
from jurycourt.models import Availability, Membership, Person, Program


def _require_may_enter(actor: Viewer, person_id: int, program_id: int) -> None:
    """The person themselves, or a coordinator of the program (many jurors are offline)."""
    require(actor.person_id == person_id or coordinates(actor, program_id))


async def declare_availability(
    actor: Viewer, person: Person, program: Program, day: date, start: time, end: time,
    now: datetime | None = None,
) -> Availability:
    """Record that ``person`` can serve in ``program`` on ``day`` from ``start`` to ``end``.

    Times are wall-clock in the program's zone and stored in UTC (``domain.hearings.
    availability_span`` refuses bad spans). Only active jurors, panelists and grand jurors
    declare. A span overlapping or touching others is merged with them into one; a span already
    covered changes nothing. Refused beyond ``MAX_FUTURE_AVAILABILITY`` spans still to come.
    ``entered_by`` records who typed it.
    """
    _require_may_enter(actor, person.id, program.id)
    now = now or clock.now()
    starts_at, ends_at = availability_span(day, start, end, ZoneInfo(program.time_zone), now)
    mine = Availability.filter(person_id=person.id, program_id=program.id)
    async with in_transaction():
        if not await Membership.exists(person_id=person.id, program_id=program.id,
                                       status=MembershipStatus.ACTIVE, role__in=list(SERVING_ROLES)):
            raise Refused(_("Only jurors, panelists and grand jurors declare when they can serve."))
        touching = await mine.filter(starts_at__lte=ends_at, ends_at__gte=starts_at)
        covering = next((s for s in touching if s.starts_at <= starts_at and s.ends_at >= ends_at), None)
        if covering is not None:
            return covering
        if await mine.filter(ends_at__gt=now).count() - len(touching) >= MAX_FUTURE_AVAILABILITY:
            raise Refused((_("There are already %(max_future_availability)s times to come; remove some before "
                             "adding more.") % {"max_future_availability": MAX_FUTURE_AVAILABILITY}), "day")
        starts_at, ends_at = merged_span(starts_at, ends_at, [(s.starts_at, s.ends_at) for s in touching])
        if touching:
            await Availability.filter(id__in=[s.id for s in touching]).delete()
        span = await Availability.create(person_id=person.id, program_id=program.id, starts_at=starts_at,
                                         ends_at=ends_at, entered_by_id=actor.person_id)
        await record("availability.declared", actor_id=actor.person_id, program_id=program.id,
                     subject=("person", person.id), merged=len(touching))
    return span


async def declare_weekly_availability(
    actor: Viewer, person: Person, program: Program, first: date, until: date, start: time, end: time,
    now: datetime | None = None,
) -> list[Availability]:
    """"Every week, on ``first``'s weekday from ``start`` to ``end``, until ``until``": one span per
    week, each declared (and merged) as ``declare_availability`` does, all or none. A week the person
    cannot make is then removed on its own (the exceptions)."""
    days = weekly_days(first, until)
    async with in_transaction():
        return [await declare_availability(actor, person, program, day, start, end, now) for day in days]


async def withdraw_availability(actor: Viewer, span: Availability) -> None:
    """Remove a declared span (the caller loaded it through an access-checked query)."""
    _require_may_enter(actor, span.person_id, span.program_id)
    async with in_transaction():
        await Availability.filter(id=span.id).delete()
        await record("availability.withdrawn", actor_id=actor.person_id, program_id=span.program_id,
                     subject=("person", span.person_id))
