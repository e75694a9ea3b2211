"""Recording who may not sit in judgement of whom: pair conflicts and school/household affiliations.

Coordinators only. Seating reads both: a pair conflict in either order, and anyone sharing a
school or household key with a docket party.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from jurycourt.actions import guard
from jurycourt.actions.audit import record
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import affiliation_key, check_conflict
from jurycourt.i18n import _
from jurycourt.models import Affiliation, Conflict, Membership, Person
from jurycourt.queries.conflicts import person_programs


async def record_conflict(actor: Viewer, person: Person, other_id: int, relation: str) -> Conflict:
    """Record that ``person`` and ``other_id`` conflict (``relative``, ``household``, ``school``
    or ``knows``), in the first program of the actor's that both belong to.

    Refuses a conflict with oneself, someone outside those programs, and a pair already recorded
    in either order (seating treats the pair symmetrically, so one row is enough).
    """
    require(coordinates(actor), hide=False)
    check_conflict(person.id, other_id, relation)
    theirs = set(await Membership.filter(person_id=other_id).values_list("program_id", flat=True))
    shared = [p for p in person_programs(actor, person) if p in theirs]
    if not shared:
        raise Refused(_("Choose someone from the same program."), "other")
    pair = Q(person_id=person.id, other_id=other_id) | Q(person_id=other_id, other_id=person.id)
    try:
        async with in_transaction():
            if await Conflict.filter(pair).exists():
                raise Refused(_("A conflict between these two is already recorded."), "other")
            conflict = await Conflict.create(program_id=shared[0], person_id=person.id, other_id=other_id,
                                             relation=relation)
            await record("conflict.recorded", actor_id=actor.person_id, program_id=shared[0],
                         subject=("person", person.id), other_id=other_id)
    except IntegrityError as exc:  # the same pair, saved a moment ago by someone else
        raise Refused(_("A conflict between these two is already recorded."), "other") from exc
    return conflict


async def remove_conflict(actor: Viewer, conflict: Conflict) -> None:
    """Remove a pair conflict (the caller loaded it through an access-checked query)."""
    require(coordinates(actor, conflict.program_id))
    async with in_transaction():
        await Conflict.filter(id=conflict.id).delete()
        await record("conflict.removed", actor_id=actor.person_id, program_id=conflict.program_id,
                     subject=("person", conflict.person_id), other_id=conflict.other_id)


async def add_affiliation(actor: Viewer, person: Person, kind: str, key: str) -> Affiliation:
    """Record the person's school or household. A name already used in the actor's programs is
    reused with its spelling (seating matches names exactly); the same one twice is refused."""
    require(coordinates(actor), hide=False)
    key = affiliation_key(kind, key)
    members = Subquery(Membership.filter(program_id__in=actor.coordinated_programs).values("person_id"))
    existing = await Affiliation.filter(kind=kind, key__iexact=key, person_id__in=members).first()
    key = existing.key if existing else key
    try:
        async with in_transaction():
            if await Affiliation.exists(person_id=person.id, kind=kind, key=key):
                raise Refused(_("%(key)s is already recorded.") % {"key": key}, "key")
            affiliation = await Affiliation.create(person_id=person.id, kind=kind, key=key)
            await record("affiliation.added", actor_id=actor.person_id, subject=("person", person.id), kind=kind)
    except IntegrityError as exc:
        raise Refused(_("%(key)s is already recorded.") % {"key": key}, "key") from exc
    if kind == "school":
        await guard.recheck_person(person.id)  # a protected person's school: named in a publication?
    return affiliation


async def remove_affiliation(actor: Viewer, affiliation: Affiliation) -> None:
    """Remove a school or household (the caller loaded it through an access-checked query)."""
    require(coordinates(actor))
    async with in_transaction():
        await Affiliation.filter(id=affiliation.id).delete()
        await record("affiliation.removed", actor_id=actor.person_id, subject=("person", affiliation.person_id),
                     kind=affiliation.kind)
