"""Making people for tests of availability, conflicts and seating, apart from the demo's."""

from __future__ import annotations

from datetime import timedelta

from jurycourt import clock
from jurycourt.auth.passwords import make_hasher
from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.roles import Role
from jurycourt.models import Account, Membership, Person, Program


async def person_id(login: str) -> int:
    return (await Account.get(login=login)).person_id


async def new_member(program: Program, role: Role, given: str, family: str = "Tester", age: int = 16) -> Person:
    """A trained, pledged member of ``program`` with no availability, conflicts or schools."""
    today = clock.today()
    person = await Person.create(given_name=given, family_name=family,
                                 date_of_birth=today - timedelta(days=age * 365 + 100))
    since = today - timedelta(days=90)
    await Membership.create(person=person, program=program, role=role, training_date=since, pledge_date=since)
    return person


async def other_program_coordinator(login: str = "elsewhere") -> Person:
    """A coordinator of a second program, signing in as ``login`` with the demo password."""
    program = await Program.create(name="Northside Youth Court", time_zone="America/Chicago")
    person = await new_member(program, Role.COORDINATOR, "Olu", "Elsewhere", age=40)
    await Account.create(person=person, login=login, password_hash=make_hasher("cheapest").hash(DEMO_PASSWORD))
    return person
