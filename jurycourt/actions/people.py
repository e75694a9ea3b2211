"""Creating and changing people and their roles. Only coordinators of a program act here.

The coordinator role is never granted by one coordinator alone: asking for it leaves the role
pending until a second coordinator, independent of the one who asked and of the person, confirms
it (``actions.separation``).
"""

from __future__ import annotations

from datetime import date

from tortoise.transactions import in_transaction

from jurycourt import clock, i18n
from jurycourt.actions import guard
from jurycourt.actions.audit import record
from jurycourt.actions.separation import note_provenance, require_second
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.sessions import end_all_sessions
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.separation import ProvenanceKind
from jurycourt.i18n import _
from jurycourt.models import AccessLink, Account, Membership, Person
from jurycourt.settings import Settings

DETAIL_FIELDS = ("given_name", "family_name", "preferred_name", "email", "phone", "address")


def _details(values: dict[str, str]) -> dict[str, object]:
    details: dict[str, object] = {name: values.get(name, "").strip() for name in DETAIL_FIELDS}
    raw_dob = values.get("date_of_birth", "")
    details["date_of_birth"] = date.fromisoformat(raw_dob) if raw_dob else None
    details["language"] = i18n.supported(values.get("language")) or i18n.DEFAULT_LANGUAGE
    return details


async def set_own_language(actor: Viewer, language: str) -> None:
    """The signed-in person chooses the language of their pages and of everything sent to them."""
    if actor.person_id is None or i18n.supported(language) != language:
        raise Refused(i18n._("Choose one of the languages offered."), "language")
    await Person.filter(id=actor.person_id).update(language=language)


async def create_person(actor: Viewer, program_id: int, role: Role, values: dict[str, str]) -> Person:
    """Record a new person with a first role in one of the actor's programs.

    ``values`` must already have passed ``domain.people.person_problems``.
    """
    require(coordinates(actor, program_id), hide=False)
    async with in_transaction():
        person = await Person.create(**_details(values))
        await Membership.create(person=person, program_id=program_id, role=role, **_first_status(actor, role))
        await note_provenance(person.id, ProvenanceKind.CREATED, actor.person_id)
        await record("person.created", actor_id=actor.person_id, program_id=program_id,
                     subject=("person", person.id), role=str(role))
    await guard.recheck_person(person.id)  # a new participant who is protected: named in a publication?
    return person


async def _hold_links(person_id: int) -> None:
    """Someone about to be a coordinator: their unused links now wait for a second coordinator too."""
    await AccessLink.filter(person_id=person_id, used_at=None, awaiting_confirmation=False).update(
        awaiting_confirmation=True)


def _first_status(actor: Viewer, role: Role) -> dict[str, object]:
    """A new role is active at once, except the coordinator role: that waits for a second coordinator."""
    if role == Role.COORDINATOR:
        return {"status": MembershipStatus.PENDING, "requested_by_id": actor.person_id}
    return {"status": MembershipStatus.ACTIVE, "active_since": clock.now()}


async def update_person(actor: Viewer, person: Person, values: dict[str, str]) -> Person:
    """Change a person's details (the caller loaded ``person`` through an access-checked query)."""
    require(coordinates(actor), hide=False)
    async with in_transaction():
        # updated_at by hand: an UPDATE through the ORM leaves it, and the guard's knowledge is kept by it
        await Person.filter(id=person.id).update(**_details(values), updated_at=clock.now())
        await record("person.updated", actor_id=actor.person_id, subject=("person", person.id))
    await guard.recheck_person(person.id)  # a protected person's new name, birth date or address: published?
    await person.refresh_from_db()
    return person


async def add_membership(
    actor: Viewer, person: Person, program_id: int, role: Role,
    training_date: date | None, pledge_date: date | None,
) -> Membership:
    """Give a person a role in a program, or reactivate and update the role they held. The
    coordinator role is only asked for: it stays pending until a second coordinator confirms it."""
    require(coordinates(actor, program_id), hide=False)
    async with in_transaction():
        membership = await Membership.get_or_none(person_id=person.id, program_id=program_id, role=role)
        if membership is None:
            membership = await Membership.create(
                person=person, program_id=program_id, role=role,
                training_date=training_date, pledge_date=pledge_date, **_first_status(actor, role),
            )
        else:
            if membership.status != MembershipStatus.ACTIVE:
                for name, value in _first_status(actor, role).items():
                    setattr(membership, name, value)
            membership.training_date = training_date or membership.training_date
            membership.pledge_date = pledge_date or membership.pledge_date
            await membership.save()
        if role == Role.COORDINATOR:
            await _hold_links(person.id)
        await record("membership.granted", actor_id=actor.person_id, program_id=program_id,
                     subject=("person", person.id), role=str(role))
    await guard.recheck_person(person.id)  # newly a respondent, guardian or serving minor: published?
    return membership


async def set_membership_status(actor: Viewer, membership: Membership, status: MembershipStatus, *,
                                alone_reason: str = "", settings: Settings | None = None) -> None:
    """Activate or deactivate one role. A person left with no active role can't sign in.

    Activating the coordinator role asks for it (pending); confirming a pending one needs a second
    coordinator independent of whoever asked and of the person (or, where the program has none,
    a written reason to act alone)."""
    require(coordinates(actor, membership.program_id))
    if status not in (MembershipStatus.ACTIVE, MembershipStatus.INACTIVE):
        raise Refused(_("Choose active or inactive."))
    if membership.person_id == actor.person_id and membership.role == Role.COORDINATOR \
            and status == MembershipStatus.INACTIVE:
        raise Refused(_("You can't remove your own coordinator role; ask another coordinator."))
    async with in_transaction():
        values: dict[str, object] = {"status": status}
        if membership.role == Role.COORDINATOR and status == MembershipStatus.ACTIVE:
            if membership.status == MembershipStatus.ACTIVE:
                return
            if membership.status == MembershipStatus.PENDING:
                values = await _confirmed_coordinator(actor, membership, alone_reason, settings)
            else:
                values = {"status": MembershipStatus.PENDING, "requested_by_id": actor.person_id}
                await _hold_links(membership.person_id)
        elif status == MembershipStatus.ACTIVE:
            values["active_since"] = clock.now()
        if not await Membership.filter(id=membership.id, status=membership.status).update(**values):
            raise Refused(_("Someone else changed this role just now. Look again."))
        status = values["status"]
        if membership.role == Role.COORDINATOR and status == MembershipStatus.ACTIVE:  # confirmed just now
            await note_provenance(membership.person_id, ProvenanceKind.ELEVATED, membership.requested_by_id)
        for name, value in values.items():
            setattr(membership, name, value)
        still_active = await Membership.filter(
            person_id=membership.person_id, status=MembershipStatus.ACTIVE
        ).exists()
        account = await Account.get_or_none(person_id=membership.person_id)
        if account is not None:
            await Account.filter(id=account.id).update(is_active=still_active)
            if not still_active:
                await end_all_sessions(account.id)
        await record(f"membership.{status}", actor_id=actor.person_id, program_id=membership.program_id,
                     subject=("person", membership.person_id), role=str(membership.role))


async def _confirmed_coordinator(actor: Viewer, membership: Membership, alone_reason: str,
                                 settings: Settings | None) -> dict[str, object]:
    """The second coordinator's confirmation of a pending coordinator role, checked."""
    subject = ("person", membership.person_id)
    for first in dict.fromkeys(p for p in (membership.requested_by_id, membership.person_id) if p is not None):
        await require_second(actor, membership.program_id, first, "people.confirm_coordinator",
                             alone_reason=alone_reason, settings=settings, subject=subject)
    return {"status": MembershipStatus.ACTIVE, "active_since": clock.now()}
