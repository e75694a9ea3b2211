"""Reading declared availability: a serving person's own, or a person their coordinator manages."""

from __future__ import annotations

from dataclasses import dataclass

from jurycourt import clock
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.hearings import MAX_FUTURE_AVAILABILITY
from jurycourt.domain.roles import SERVING_ROLES, MembershipStatus
from jurycourt.models import Availability, Membership, Person, Program
from jurycourt.queries.people import person_for_coordinator


@dataclass(frozen=True)
class AvailabilitySheet:
    """Whose availability this is, the serving program (its time zone) and the spans to come."""

    person: Person
    program: Program
    spans: list[Availability]
    own: bool


async def serving_program(person_id: int, program_ids: list[int] | None = None) -> Program | None:
    """The program of the person's first active serving role (juror, panelist, grand juror),
    among ``program_ids`` when given; None when they serve nowhere (there)."""
    query = Membership.filter(person_id=person_id, status=MembershipStatus.ACTIVE, role__in=list(SERVING_ROLES))
    if program_ids is not None:
        query = query.filter(program_id__in=program_ids)
    membership = await query.order_by("id").select_related("program").first()
    return membership.program if membership else None


async def future_spans(person_id: int, program_id: int) -> list[Availability]:
    """Spans that haven't ended yet, soonest first (bounded: no one keeps more than the maximum)."""
    return await Availability.filter(
        person_id=person_id, program_id=program_id, ends_at__gt=clock.now()
    ).select_related("entered_by").order_by("starts_at", "id").limit(MAX_FUTURE_AVAILABILITY)


async def my_availability(viewer: Viewer) -> AvailabilitySheet:
    """The viewer's own availability; not found for people who don't serve."""
    program = await serving_program(viewer.person_id)
    if program is None:
        raise NotFound()
    person = await Person.get(id=viewer.person_id)
    return AvailabilitySheet(person, program, await future_spans(person.id, program.id), own=True)


async def availability_for_coordinator(viewer: Viewer, person_id: int) -> AvailabilitySheet:
    """A managed person's availability in the first program they serve that the viewer coordinates."""
    person = await person_for_coordinator(viewer, person_id)
    program = await serving_program(person.id, viewer.coordinated_programs)
    if program is None:
        raise NotFound()
    return AvailabilitySheet(person, program, await future_spans(person.id, program.id), own=False)


async def span_of(sheet: AvailabilitySheet, span_id: int) -> Availability:
    """One span of the sheet's person in the sheet's program; not found for anyone else's."""
    span = await Availability.get_or_none(id=span_id, person_id=sheet.person.id, program_id=sheet.program.id)
    if span is None:
        raise NotFound()
    return span
