"""Reading a person's conflicts and affiliations. Confidential: coordinators only."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q, Subquery

from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.models import Affiliation, Conflict, Membership, Person

#: The most people offered as the other side of a pair conflict.
MAX_CHOICES = 500


@dataclass(frozen=True)
class ConflictRow:
    """A pair conflict seen from one person's side: who the other is and how they're connected."""

    id: int
    other: Person
    relation: str


@dataclass(frozen=True)
class ConflictSheet:
    """What the Conflicts section of a person's page shows and offers."""

    conflicts: list[ConflictRow]
    affiliations: list[Affiliation]
    choices: list[Person]
    more_choices: bool
    known_keys: list[str]


def person_programs(viewer: Viewer, person: Person) -> list[int]:
    """The viewer's programs the person belongs to (``person`` came from person_for_coordinator)."""
    return sorted({m.program_id for m in person.memberships} & set(viewer.coordinated_programs))


def _members(program_ids: list[int]):
    return Subquery(Membership.filter(program_id__in=program_ids).values("person_id"))


async def conflict_sheet(viewer: Viewer, person: Person) -> ConflictSheet:
    """The person's pair conflicts (either side) in the viewer's programs, their affiliations, the
    people they could be in conflict with, and the school/household names already in use."""
    require(coordinates(viewer))
    rows = await Conflict.filter(
        Q(person_id=person.id) | Q(other_id=person.id), program_id__in=viewer.coordinated_programs
    ).select_related("person", "other").order_by("id")
    conflicts = [ConflictRow(c.id, c.other if c.person_id == person.id else c.person, c.relation) for c in rows]
    affiliations = await Affiliation.filter(person_id=person.id).order_by("kind", "key")
    choices = await Person.filter(id__in=_members(person_programs(viewer, person))).exclude(
        id=person.id
    ).order_by("family_name", "given_name", "id").limit(MAX_CHOICES + 1)
    keys = await Affiliation.filter(person_id__in=_members(viewer.coordinated_programs)).distinct().order_by(
        "key").limit(MAX_CHOICES).values_list("key", flat=True)
    return ConflictSheet(conflicts, affiliations, choices[:MAX_CHOICES], len(choices) > MAX_CHOICES,
                         list(dict.fromkeys(keys)))


async def conflict_of(viewer: Viewer, person: Person, conflict_id: int) -> Conflict:
    """One of the person's pair conflicts in the viewer's programs; not found otherwise."""
    require(coordinates(viewer))
    conflict = await Conflict.filter(
        Q(person_id=person.id) | Q(other_id=person.id), id=conflict_id,
        program_id__in=viewer.coordinated_programs,
    ).first()
    if conflict is None:
        raise NotFound()
    return conflict


async def affiliation_of(viewer: Viewer, person: Person, affiliation_id: int) -> Affiliation:
    """One of the person's affiliations; not found otherwise."""
    require(coordinates(viewer))
    affiliation = await Affiliation.get_or_none(id=affiliation_id, person_id=person.id)
    if affiliation is None:
        raise NotFound()
    return affiliation
