"""Finding people a referral may already know: the same name and date of birth."""

from __future__ import annotations

from datetime import date

from tortoise.expressions import Subquery

from jurycourt.auth.viewer import Viewer
from jurycourt.models import Membership, Person


async def possible_duplicates(viewer: Viewer, given: str, family: str, born: date | None) -> list[Person]:
    """People of the viewer's programs with the same given and family name (any case) and the
    same date of birth (or either unknown)."""
    if not given or not family:
        return []
    members = Membership.filter(program_id__in=viewer.coordinated_programs).values("person_id")
    people = await Person.filter(id__in=Subquery(members), given_name__iexact=given,
                                 family_name__iexact=family).order_by("id").limit(10)
    return [p for p in people if born is None or p.date_of_birth in (None, born)]


async def person_in_programs(viewer: Viewer, person_id: int) -> bool:
    return await Membership.exists(person_id=person_id, program_id__in=viewer.coordinated_programs)
