"""Reading people: coordinators see the people of the programs they coordinate, no one else."""

from __future__ import annotations

from tortoise.expressions import Q, Subquery
from tortoise.query_utils import Prefetch

from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.roles import Role
from jurycourt.models import AccessLink, Account, Membership, Person, Program
from jurycourt.queries.paging import Page, paginate


def _visible_people(viewer: Viewer):
    programs = viewer.coordinated_programs
    members = Membership.filter(program_id__in=programs).values("person_id")
    return Person.filter(id__in=Subquery(members)), programs


async def people_page(viewer: Viewer, search: str, number: int, role: str = "") -> Page:
    """One page of the people a coordinator manages, filtered by name, email or phone, and by role."""
    require(coordinates(viewer))
    query, programs = _visible_people(viewer)
    if role in Role._value2member_map_:
        query = query.filter(id__in=Subquery(Membership.filter(program_id__in=programs, role=role).values("person_id")))
    search = search.strip()[:80]
    if search:
        query = query.filter(
            Q(given_name__icontains=search)
            | Q(family_name__icontains=search)
            | Q(preferred_name__icontains=search)
            | Q(email__icontains=search)
            | Q(phone__icontains=search)
        )
    query = query.order_by("family_name", "given_name", "id").prefetch_related(
        Prefetch("memberships", queryset=Membership.filter(program_id__in=programs)),
        "account",
    )
    return await paginate(query, number)


async def person_for_coordinator(viewer: Viewer, person_id: int) -> Person:
    """A person the viewer coordinates, with their memberships in the viewer's programs only."""
    require(coordinates(viewer))
    query, programs = _visible_people(viewer)
    person = await query.filter(id=person_id).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.filter(program_id__in=programs).select_related("program"),
        ),
    ).first()
    if person is None:
        raise NotFound()
    person.account_row = await Account.get_or_none(person_id=person.id)
    return person


async def coordinated_programs(viewer: Viewer) -> list[Program]:
    return await Program.filter(id__in=viewer.coordinated_programs).order_by("name")


def _own_memberships_query(person_id: int):
    return (Membership.filter(person_id=person_id).select_related("program")
        .order_by("program__name", "role"))



async def own_memberships(viewer: Viewer) -> list[Membership]:
    """The viewer's own roles, in every program, for their personal page."""
    return await _own_memberships_query(person_id=viewer.person_id)


async def people_by_id(ids: list[int]) -> dict[int, Person]:
    """The people ``ids`` (named on a page the viewer was already let see), by id."""
    return {person.id: person for person in await Person.filter(id__in=ids)}


async def display_names(ids: list[int]) -> dict[int, str]:
    """The names ``ids`` go by, by id."""
    return {person_id: person.display_name for person_id, person in (await people_by_id(ids)).items()}


async def membership_for_coordinator(viewer: Viewer, person_id: int, membership_id: int) -> Membership:
    """One of the person's memberships in a program the viewer coordinates; NotFound otherwise."""
    found = await Membership.get_or_none(id=membership_id, person_id=person_id,
                                         program_id__in=viewer.coordinated_programs)
    if found is None:
        raise NotFound()
    return found


async def access_link_of(person: Person, link_id: int) -> AccessLink:
    """One of ``person``'s sign-in links (the caller has loaded ``person`` with ``person_for_coordinator``)."""
    link = await AccessLink.get_or_none(id=link_id, person_id=person.id)
    if link is None:
        raise NotFound()
    return link
